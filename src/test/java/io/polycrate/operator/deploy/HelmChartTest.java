package io.polycrate.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/**
 * The Helm chart, linted and rendered with Helm's own library (helm-java), for each kind of values; and kept
 * equal to deploy/ (what a kustomize user installs) and to crds/ (the one source of the CRDs) in everything
 * that decides what the operator may do and how it runs.
 */
class HelmChartTest {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final Path CHART = REPO.resolve("helm/polycrate-operator");
    static final Path DEPLOY = REPO.resolve("deploy");
    static final YAMLMapper YAML = new YAMLMapper();
    static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;

    /** Renders the chart as release "polycrate-operator" in namespace polycrate-system, with these values. */
    static List<JsonNode> render(String values) throws IOException {
        Path file = Files.createTempFile("values", ".yaml");
        try {
            Files.writeString(file, values);
            TemplateCommand template = new Helm(CHART).template().withName("polycrate-operator")
                    .withNamespace("polycrate-system").withKubeVersion("1.34.4").withValuesFile(file);
            return documents(template.call());
        } finally {
            Files.delete(file);
        }
    }

    static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    static List<JsonNode> deployBase() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (!file.getFileName().toString().equals("kustomization.yaml")) {
                    docs.addAll(documents(Files.readString(file)));
                }
            }
        }
        return docs;
    }

    static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static JsonNode one(List<JsonNode> docs, String kind, String nameSuffix) {
        List<JsonNode> found = ofKind(docs, kind).stream()
                .filter(d -> d.path("metadata").path("name").asText().endsWith(nameSuffix)).toList();
        assertThat(found).as("%s *%s", kind, nameSuffix).hasSize(1);
        return found.get(0);
    }

    /** The object of that kind and name renders the same at that JSON pointer from the chart and from deploy/. */
    static void sameIn(List<JsonNode> chart, List<JsonNode> deploy, String kind, String nameSuffix, String pointer) {
        assertThat(one(chart, kind, nameSuffix).at(pointer)).as("%s *%s %s", kind, nameSuffix, pointer)
                .isEqualTo(one(deploy, kind, nameSuffix).at(pointer));
    }

    static JsonNode container(JsonNode deployment) {
        return deployment.at("/spec/template/spec/containers/0");
    }

    static List<String> envNames(JsonNode container) {
        List<String> names = new ArrayList<>();
        container.path("env").forEach(e -> names.add(e.path("name").asText()));
        return names;
    }

    @Test
    void theChartLintsStrictly() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    @Test
    void byDefaultItInstallsWhatDeployInstalls() throws IOException {
        List<JsonNode> chart = render("{}");
        List<JsonNode> deploy = deployBase();

        sameIn(chart, deploy, "ClusterRole", "-operator", "/rules");
        sameIn(chart, deploy, "Role", "-leader-election", "/rules");
        JsonNode chartDeployment = one(chart, "Deployment", "polycrate-operator");
        JsonNode deployDeployment = one(deploy, "Deployment", "polycrate-operator");
        assertThat(chartDeployment.at("/spec/replicas")).isEqualTo(deployDeployment.at("/spec/replicas"));
        assertThat(chartDeployment.at("/spec/template/spec/securityContext"))
                .isEqualTo(deployDeployment.at("/spec/template/spec/securityContext"));
        assertThat(chartDeployment.at("/spec/template/spec/volumes"))
                .isEqualTo(deployDeployment.at("/spec/template/spec/volumes"));
        assertThat(chartDeployment.at("/spec/template/spec/terminationGracePeriodSeconds"))
                .isEqualTo(deployDeployment.at("/spec/template/spec/terminationGracePeriodSeconds"));
        JsonNode chartContainer = container(chartDeployment);
        JsonNode deployContainer = container(deployDeployment);
        for (String field : List.of("securityContext", "resources", "ports", "startupProbe", "livenessProbe",
                "readinessProbe", "volumeMounts", "imagePullPolicy", "env")) {
            assertThat(chartContainer.path(field)).as("container %s", field).isEqualTo(deployContainer.path(field));
        }
        assertThat(chartContainer.path("image").asText()).isEqualTo("ghcr.io/polycrate/polycrate-operator:"
                + YAML.readTree(CHART.resolve("Chart.yaml").toFile()).path("appVersion").asText());
        sameIn(chart, deploy, "Service", "polycrate-operator", "/spec/ports");
        assertThat(ofKind(chart, "ServiceMonitor")).isEmpty();
    }

    @Test
    void theOperatorMayGetASecretByNameButNeverListOrWatchSecrets() throws IOException {
        // the one Secret a webhook names; list or watch would let it read every Secret of every namespace at once
        for (JsonNode rule : one(deployBase(), "ClusterRole", "-operator").path("rules")) {
            List<String> resources = new ArrayList<>();
            rule.path("resources").forEach(r -> resources.add(r.asText()));
            if (resources.contains("secrets")) {
                assertThat(resources).containsExactly("secrets");
                assertThat(rule.path("verbs").toString()).isEqualTo("[\"get\"]");
            }
        }
        assertThat(one(deployBase(), "ClusterRole", "-operator").path("rules").toString()).contains("\"secrets\"");
    }

    @Test
    void theChartsCrdsAreTheRepositorysKeptOnUninstall() throws IOException {
        List<JsonNode> crds = ofKind(render("{}"), "CustomResourceDefinition");

        assertThat(crds).hasSize(2);
        for (JsonNode crd : crds) {
            String name = crd.at("/metadata/name").asText();
            JsonNode source = YAML.readTree(REPO.resolve("crds/" + name + "-v1.yml").toFile());
            assertThat(crd.at("/metadata/annotations/helm.sh~1resource-policy").asText()).isEqualTo("keep");
            ((ObjectNode) crd.get("metadata")).remove("annotations");
            // Helm's fromYaml/toYaml writes 1.0 as 1: numbers are compared by value
            assertThat(crd.equals(NUMBERS_BY_VALUE, source)).as("%s equals crds/", name).isTrue();
            assertThat(Files.readString(CHART.resolve("files/crds/" + name + "-v1.yml")))
                    .as("the chart's copy of %s", name)
                    .isEqualTo(Files.readString(REPO.resolve("crds/" + name + "-v1.yml")));
        }
        assertThat(ofKind(render("crds: {install: false}"), "CustomResourceDefinition")).isEmpty();
        assertThat(ofKind(render("crds: {keep: false}"), "CustomResourceDefinition"))
                .allSatisfy(crd -> assertThat(crd.at("/metadata/annotations/helm.sh~1resource-policy").isMissingNode())
                        .isTrue());
    }

    @Test
    void watchingNamespacesGivesARolePerNamespaceAndNoClusterRole() throws IOException {
        List<JsonNode> chart = render("watchNamespaces: [team-a, team-b]");

        // none for the operator; the approver role is for people and is bound per namespace
        assertThat(ofKind(chart, "ClusterRole")).extracting(r -> r.at("/metadata/name").asText())
                .containsExactly("polycrate-approver");
        assertThat(ofKind(chart, "ClusterRoleBinding")).isEmpty();
        List<JsonNode> roles = ofKind(chart, "Role").stream()
                .filter(r -> !r.at("/metadata/name").asText().endsWith("-leader-election")).toList();
        assertThat(roles).extracting(r -> r.at("/metadata/namespace").asText()).containsExactly("team-a", "team-b");
        assertThat(roles.get(0).path("rules")).isEqualTo(one(deployBase(), "ClusterRole", "-operator")
                .path("rules"));
        assertThat(ofKind(chart, "RoleBinding")).extracting(r -> r.at("/metadata/namespace").asText())
                .containsExactlyInAnyOrder("team-a", "team-b", "polycrate-system");
        // the Lease stays in the release's namespace
        assertThat(one(chart, "Role", "-leader-election").at("/metadata/namespace").asText())
                .isEqualTo("polycrate-system");
        JsonNode env = container(one(chart, "Deployment", "polycrate-operator")).path("env");
        assertThat(env.findValuesAsText("value")).contains("team-a,team-b");
        assertThat(envNames(container(one(chart, "Deployment", "polycrate-operator"))))
                .contains("QUARKUS_OPERATOR_SDK_NAMESPACES");
    }

    @Test
    void imageServiceAccountLeaderElectionAndMetricsFollowTheirValues() throws IOException {
        List<JsonNode> chart = render("""
                image: {repository: registry.example/polycrate-operator, tag: "1.2.3", digest: "sha256:abc", pullPolicy: Always}
                imagePullSecrets: [{name: pull}]
                serviceAccount: {create: false, name: existing}
                leaderElection: {enabled: false}
                replicas: 1
                metrics: {serviceMonitor: {enabled: true, labels: {release: prom}}}
                extraEnv: [{name: HTTPS_PROXY, value: "http://proxy.internal:3128"}]
                operator: {defaultStepImage: "registry.example/steps:1", imagePullGracePeriod: 5m, logLevel: DEBUG}
                nodeSelector: {pool: system}
                """);

        JsonNode deployment = one(chart, "Deployment", "polycrate-operator");
        JsonNode container = container(deployment);
        assertThat(container.path("image").asText()).isEqualTo("registry.example/polycrate-operator@sha256:abc");
        assertThat(container.path("imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(deployment.at("/spec/template/spec/imagePullSecrets/0/name").asText()).isEqualTo("pull");
        assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText()).isEqualTo("existing");
        assertThat(ofKind(chart, "ServiceAccount")).isEmpty();
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        assertThat(ofKind(chart, "Role")).isEmpty();
        assertThat(deployment.at("/spec/template/spec/nodeSelector/pool").asText()).isEqualTo("system");
        Map<String, String> env = new java.util.HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
        assertThat(env).containsEntry("POLYCRATE_LEADER_ELECTION_ENABLED", "false")
                .containsEntry("POLYCRATE_DEFAULT_IMAGE", "registry.example/steps:1")
                .containsEntry("POLYCRATE_IMAGE_PULL_GRACE_PERIOD", "5m")
                .containsEntry("QUARKUS_LOG_LEVEL", "DEBUG")
                .containsEntry("HTTPS_PROXY", "http://proxy.internal:3128");
        JsonNode monitor = one(chart, "ServiceMonitor", "polycrate-operator");
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prom");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
    }

    @Test
    void theDefaultPodPassesTheRestrictedPodSecurityStandard() throws IOException {
        JsonNode deployment = one(render("{}"), "Deployment", "polycrate-operator");
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = container(deployment);

        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
        assertThat(Objects.requireNonNull(container.at("/volumeMounts/0/mountPath").asText())).isEqualTo("/tmp");
    }

    @Test
    void theApprovalsPolicyAndTheApproverRoleAreDeploysAndCanBeTurnedOff() throws IOException {
        List<JsonNode> chart = render("{}");
        List<JsonNode> deploy = deployBase();

        sameIn(chart, deploy, "ValidatingAdmissionPolicy", "polycrate-approvals", "/spec");
        sameIn(chart, deploy, "ValidatingAdmissionPolicyBinding", "polycrate-approvals", "/spec");
        sameIn(chart, deploy, "ClusterRole", "polycrate-approver", "/rules");
        List<String> verbs = new ArrayList<>();
        one(chart, "ClusterRole", "polycrate-approver").at("/rules/0/verbs").forEach(v -> verbs.add(v.asText()));
        assertThat(verbs).contains("approve", "patch");

        List<JsonNode> off = render("approvals: {policy: {enabled: false}, approverRole: {create: false}}");
        assertThat(ofKind(off, "ValidatingAdmissionPolicy")).isEmpty();
        assertThat(ofKind(off, "ValidatingAdmissionPolicyBinding")).isEmpty();
        assertThat(ofKind(off, "ClusterRole")).extracting(r -> r.at("/metadata/name").asText())
                .doesNotContain("polycrate-approver");
    }
}
