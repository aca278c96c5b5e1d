package io.polycrate.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The CRDs checked in under crds/ are exactly what the build generates (QOSDK writes them to target/kubernetes
 * while this test's application is built), and they carry what users rely on.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class CrdDriftTest {
    private static final Path GENERATED = Path.of("target", "kubernetes");
    private static final Path CHECKED_IN = Path.of("crds");
    private static final List<String> CRDS = List.of("workspaces.polycrate.io-v1.yml", "workflowruns.polycrate.io-v1.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void checkedInCrdsMatchTheGeneratedOnes() throws IOException {
        for (String file : CRDS) {
            Object generated = YAML.readValue(GENERATED.resolve(file).toFile(), Map.class);
            Object checkedIn = YAML.readValue(CHECKED_IN.resolve(file).toFile(), Map.class);
            assertThat(checkedIn)
                    .as("crds/%s differs from the generated target/kubernetes/%s; run: cp target/kubernetes/*.polycrate.io-v1.yml crds/",
                            file, file)
                    .isEqualTo(generated);
        }
        try (var listing = Files.list(CHECKED_IN)) {
            assertThat(listing.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".yml")).sorted()
                    .toList()).containsExactlyInAnyOrderElementsOf(CRDS);
        }
        // deploy/ takes the CRDs from here through this kustomization: it must list every one of them
        Map<?, ?> kustomization = YAML.readValue(CHECKED_IN.resolve("kustomization.yaml").toFile(), Map.class);
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) kustomization.get("resources");
        assertThat(resources).containsExactlyInAnyOrderElementsOf(CRDS);
    }

    @Test
    void crdsHaveStatusSubresourceShortNamesAndPrinterColumns() throws IOException {
        CustomResourceDefinition workspaces = read("workspaces.polycrate.io-v1.yml");
        CustomResourceDefinition runs = read("workflowruns.polycrate.io-v1.yml");

        assertThat(workspaces.getSpec().getNames().getShortNames()).containsExactly("pws");
        assertThat(runs.getSpec().getNames().getShortNames()).containsExactly("pwr");
        for (CustomResourceDefinition crd : List.of(workspaces, runs)) {
            assertThat(crd.getApiVersion()).isEqualTo("apiextensions.k8s.io/v1");
            assertThat(crd.getSpec().getGroup()).isEqualTo("polycrate.io");
            assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
            CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
            assertThat(version.getName()).isEqualTo("v1alpha1");
            assertThat(version.getSubresources().getStatus()).isNotNull();
        }
        // in the order kubectl get shows them (PrinterColumnOrder); Message only with -o wide (priority 1)
        assertThat(runs.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
                .extracting(c -> c.getName() + "=" + c.getJsonPath() + " " + c.getPriority())
                .containsExactly("Phase=.status.phase 0",
                        "Reason=.status.conditions[?(@.type==\"Finished\")].reason 0",
                        "Workspace=.spec.workspace 0", "Workflow=.spec.workflow 0", "Step=.status.currentStep 0",
                        "Progress=.status.progress 0", "Waiting=.status.prompt.id 0",
                        "Prompt=.status.prompt.message 0", "Age=.metadata.creationTimestamp 0",
                        "Message=.status.message 1");
        // kubectl polycrate list filters on the API server by these
        assertThat(runs.getSpec().getVersions().get(0).getSelectableFields()).extracting(f -> f.getJsonPath())
                .containsExactlyInAnyOrder(".spec.workspace", ".spec.workflow", ".status.phase");
        assertThat(workspaces.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
                .extracting(c -> c.getName()).containsExactly("Ready", "Reason", "Workflows", "Age");
    }

    @Test
    void everyPropertyHasADescription() throws IOException {
        List<String> undescribed = new ArrayList<>();
        for (String file : CRDS) {
            JSONSchemaProps root = read(file).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
            collectUndescribed(file + ":", root, undescribed);
        }
        assertThat(undescribed).isEmpty();
    }

    @Test
    void celRulesGuardWhatTheSchemaAloneCannot() throws IOException {
        String runs = Files.readString(CHECKED_IN.resolve("workflowruns.polycrate.io-v1.yml"));
        String workspaces = Files.readString(CHECKED_IN.resolve("workspaces.polycrate.io-v1.yml"));

        assertThat(runs).contains("has(self.workflow) || has(self.action)", "!has(self.workflow) || !has(self.action)",
                "this one names neither", "!has(self.step) || has(self.workflow)");
        assertThat(workspaces).contains("has(self.script) != has(self.playbook)",
                "block names must be unique within a workspace", "action names must be unique within a block",
                "workflow names must be unique within a workspace", "step names must be unique within a workflow");
    }

    private static void collectUndescribed(String path, JSONSchemaProps schema, List<String> undescribed) {
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, property) -> {
                if (property.getDescription() == null || property.getDescription().isBlank()) {
                    undescribed.add(path + "." + name);
                }
                collectUndescribed(path + "." + name, property, undescribed);
            });
        }
        if (schema.getItems() != null && schema.getItems().getSchema() != null) {
            collectUndescribed(path + "[]", schema.getItems().getSchema(), undescribed);
        }
    }

    private static CustomResourceDefinition read(String file) throws IOException {
        return Serialization.unmarshal(Files.newInputStream(CHECKED_IN.resolve(file)), CustomResourceDefinition.class);
    }
}
