package io.polycrate.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycrate.operator.e2e.Sandbox.Result;

/**
 * The workflow-workspace of Polycrate's workflow page, hand-written (examples/workflow-workspace.yaml) and imported
 * with `kubectl polycrate import` from its workspace.poly (examples/polycrate/workflow-workspace), applied and run on
 * the sandbox (kwok steps) to the same outcome: workflow-1 waits at its three prompts in Polycrate's order, runs its
 * two steps once they are approved with the plugin, and records the answers.
 */
class ImportEndToEndIT extends EndToEndTest {
    private static final Duration LONG = Duration.ofSeconds(120);

    @ParameterizedTest(name = "{0}")
    @EnumSource(WorkspaceSource.class)
    void workflowOneRunsToTheSameOutcomeWithItsPromptsApprovedByThePlugin(WorkspaceSource source) throws Exception {
        if (source == WorkspaceSource.HAND_WRITTEN) {
            k("apply", "-f", EXAMPLES.resolve("workflow-workspace.yaml").toString()).ok();
        } else {
            // kwok's node has no volume provisioner, and the hand-written workspace has no artifacts volume either
            Result imported = importPolycrateWorkspace("workflow-workspace", "--artifacts", "none");
            assertThat(imported.out()).contains("kind: Workspace", "name: workflow-workspace");
            sandbox.kubectlWithInput(imported.out(), "apply", "-n", ns, "-f", "-").ok();
        }
        awaitValue("pws/workflow-workspace", "{.status.conditions[?(@.type==\"Ready\")].status}", "True");
        assertThat(get("pws/workflow-workspace", "{.spec.image}")).isEqualTo("alpine:3.20");
        assertThat(get("pws/workflow-workspace", "{.status.workflows[0].prompts[*].id}"))
                .isEqualTo("workflow action:block-1-action-1 step:block-2-action-1");

        String run = plugin("run", "workflow-workspace", "workflow-1").ok().out().strip();
        for (String prompt : List.of("workflow", "action:block-1-action-1", "step:block-2-action-1")) {
            awaitValue("pwr/" + run, "{.status.prompt.id}", prompt);
            assertThat(plugin("approve", run).ok().out()).startsWith("Approved prompt '" + prompt + "'");
        }
        Result waited = plugin("wait", run, "--timeout", "90s");

        assertThat(waited.exitCode()).as(waited.err()).isZero();
        assertThat(get("pwr/" + run, "{.status.phase} {.status.steps[*].name} {.status.steps[*].phase}"))
                .isEqualTo("Succeeded block-1-action-1 block-2-action-1 Succeeded Succeeded");
        assertThat(jobsOf(run)).containsExactlyInAnyOrder(run + "-0-block-1-action-1", run + "-1-block-2-action-1");
        assertThat(get("pwr/" + run, "{.metadata.annotations.polycrate\\.io/approve}"))
                .isEqualTo("workflow,action:block-1-action-1,step:block-2-action-1");
    }

    private Result plugin(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "-n";
        all[1] = ns;
        System.arraycopy(args, 0, all, 2, args.length);
        return sandbox.plugin(LONG, all);
    }
}
