package io.polycrate.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.polycrate.operator.api.v1alpha1.Block;
import io.polycrate.operator.api.v1alpha1.FileItem;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;
import io.polycrate.operator.json.Json;
import io.polycrate.operator.workspace.CredentialSources.Kind;

/**
 * examples/reference, the examples of Polycrate's workflow page, are valid workspaces, and what kustomize makes of
 * them is complete: every ConfigMap and Secret a Workspace names comes from a generator of its kustomization, with
 * every key the Workspace places, from a file that exists, and no file of a block directory is left out.
 */
class ReferenceExamplesTest {
    private static final Path REFERENCE = Path.of("examples/reference");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @ValueSource(strings = {"multi-tier", "maintenance", "multi-environment"})
    void theWorkspaceIsValidAndItsKustomizationGeneratesWhatItNames(String example) throws IOException {
        Path dir = REFERENCE.resolve(example);
        Workspace workspace = workspace(dir);
        JsonNode kustomization = YAML.readTree(dir.resolve("kustomization.yaml").toFile());

        assertThat(WorkspaceValidator.validate(workspace.getMetadata().getName(), workspace.getSpec())).isEmpty();
        assertThat(kustomization.path("resources").get(0).asText()).isEqualTo("workspace.yaml");
        assertThat(kustomization.path("configurations").get(0).asText()).isEqualTo("kustomizeconfig.yaml");

        Map<String, Map<String, Path>> configMaps = generated(dir, kustomization.path("configMapGenerator"));
        Map<String, Map<String, Path>> secrets = generated(dir, kustomization.path("secretGenerator"));
        for (Block block : workspace.getSpec().getBlocks()) {
            if (block.getFiles() != null) {
                String name = block.getFiles().getConfigMapRef().getName();
                assertThat(configMaps).as("block %s: files.configMapRef", block.getName()).containsKey(name);
                assertThat(block.getFiles().getItems()).extracting(FileItem::getKey)
                        .as("block %s: the keys it places are the generator's", block.getName())
                        .containsExactlyInAnyOrderElementsOf(configMaps.get(name).keySet());
            }
            if (block.getKubeconfig() != null && block.getKubeconfig().getSecretRef() != null) {
                var ref = block.getKubeconfig().getSecretRef();
                assertThat(secrets).as("block %s: kubeconfig.secretRef", block.getName()).containsKey(ref.getName());
                assertThat(secrets.get(ref.getName())).containsKey(Objects.requireNonNullElse(ref.getKey(),
                        Kind.KUBECONFIG.fileName()));
            }
        }
        // every file under blocks/ is some block's
        List<Path> generatedFiles = configMaps.values().stream().flatMap(m -> m.values().stream()).toList();
        try (Stream<Path> files = Files.walk(dir.resolve("blocks"))) {
            assertThat(files.filter(Files::isRegularFile).map(Path::normalize)).as("files under %s/blocks", example)
                    .containsExactlyInAnyOrderElementsOf(generatedFiles);
        }
    }

    @Test
    void multiTierBlocksRunInTheirBasesFiles() throws IOException {
        WorkspaceSpec spec = workspace(REFERENCE.resolve("multi-tier")).getSpec();
        BlockInheritance inheritance = new BlockInheritance(spec);

        assertThat(Stream.of("infrastructure", "database", "backend-api", "frontend")
                .map(b -> b + "->" + inheritance.resolve(b).orElseThrow().directory().block()))
                .containsExactly("infrastructure->terraform-base", "database->postgres-base",
                        "backend-api->k8s-app-base", "frontend->k8s-app-base");
        // the child's config is merged over the base's
        assertThat(inheritance.resolve("backend-api").orElseThrow().config()).containsEntry("replicas", 2);
        assertThat(inheritance.resolve("frontend").orElseThrow().config()).containsEntry("replicas", 1);
        assertThat(spec.getWorkflows().get(0).getSteps()).extracting(s -> s.getName())
                .containsExactly("provision-infrastructure", "deploy-database", "deploy-backend", "deploy-frontend");
    }

    @Test
    void multiEnvironmentProductionBlocksUseTheProductionKubeconfig() throws IOException {
        WorkspaceSpec spec = workspace(REFERENCE.resolve("multi-environment")).getSpec();
        BlockInheritance inheritance = new BlockInheritance(spec);

        assertThat(Stream.of("application", "production-application", "prod-database")
                .map(b -> b + "->" + CredentialSources.of(Kind.KUBECONFIG, spec, inheritance, b).stream()
                        .filter(CredentialCandidate::isSecret).map(CredentialCandidate::secretName).toList()))
                .containsExactly("application->[staging-kubeconfig]",
                        "production-application->[production-kubeconfig]",
                        "prod-database->[production-kubeconfig]");
    }

    private static Workspace workspace(Path dir) throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve("workspace.yaml"))) {
            return Json.SERIALIZATION.unmarshal(in, Workspace.class);
        }
    }

    /** A kustomize generator list: each name with its keys and the files they come from (which must exist). */
    private static Map<String, Map<String, Path>> generated(Path dir, JsonNode generators) {
        Map<String, Map<String, Path>> byName = new LinkedHashMap<>();
        for (JsonNode generator : generators) {
            Map<String, Path> keys = new LinkedHashMap<>();
            for (JsonNode file : generator.path("files")) {
                String entry = file.asText();
                int eq = entry.indexOf('=');
                Path path = dir.resolve(eq < 0 ? entry : entry.substring(eq + 1)).normalize();
                String key = eq < 0 ? path.getFileName().toString() : entry.substring(0, eq);
                assertThat(path).as("%s of generator %s", entry, generator.path("name").asText()).isRegularFile();
                assertThat(keys.put(key, path)).as("key %s twice", key).isNull();
            }
            byName.put(generator.path("name").asText(), keys);
        }
        return byName;
    }
}
