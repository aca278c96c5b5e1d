package io.polycrate.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.polycrate.operator.e2e.Sandbox.Result;

/**
 * What {@code kubectl polycrate import} prints is what the real API server accepts (schema, CEL) and the operator
 * takes for a valid Workspace: the golden workspace that uses most of what the import knows (mapped names,
 * Polycrate's merge, a registry block, secrets as references, pod template additions), piped into kubectl apply.
 */
class ImportApplyEndToEndIT extends EndToEndTest {
    @Test
    void theImportOfAWorkspaceUsingEverythingAppliesAndIsReady() throws Exception {
        Result imported = sandbox.plugin("-n", ns, "import",
                Sandbox.REPO.resolve("src/test/resources/import/golden/everything").toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.err()).contains("note: workspace.poly: registry.password: not imported (secret)")
                .doesNotContain("example-only");

        Result applied = sandbox.kubectlWithInput(imported.out(), "apply", "-f", "-");
        assertThat(applied.exitCode()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("configmap/platform-workspace-base-files created",
                "configmap/platform-workspace-monitoring-files created", "workspace.polycrate.io/platform-workspace "
                        + "created");

        awaitValue("workspace/platform-workspace", "{.status.conditions[?(@.type==\"Ready\")].status}", "True");
        assertThat(get("workspace/platform-workspace", "{.status.workflows[*].name}")).isEqualTo("deploy-all");
        assertThat(get("configmap/platform-workspace-base-files", "{.binaryData.logo\\.png}"))
                .isEqualTo("iVBORw0KGgoAAQL/");
    }
}
