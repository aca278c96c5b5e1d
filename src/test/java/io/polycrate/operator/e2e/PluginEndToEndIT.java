package io.polycrate.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.polycrate.operator.e2e.Sandbox.Result;

/**
 * The command line as people and CI jobs use it: `kubectl polycrate` found by kubectl on PATH, against the
 * operator on the sandbox (kwok steps, ended by pod annotations; see outcomes.yaml). Its exit codes, waiting,
 * cancel, list, inspect, completion through kubectl's own plugin completion, and the printer columns.
 */
class PluginEndToEndIT extends EndToEndTest {
    private static final Duration LONG = Duration.ofSeconds(120);

    private Result plugin(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "-n";
        all[1] = ns;
        System.arraycopy(args, 0, all, 2, args.length);
        return sandbox.plugin(LONG, all);
    }

    private void outcomesWorkspace() throws Exception {
        k("apply", "-f", RESOURCES.resolve("outcomes.yaml").toString()).ok();
        awaitValue("pws/outcomes", "{.status.conditions[?(@.type==\"Ready\")].status}", "True");
    }

    @Test
    void runWaitExitsWithTheRunsOutcomeAndKubectlWaitCanTellTheEnd() throws Exception {
        outcomesWorkspace();

        Result good = plugin("run", "outcomes", "three-good", "--wait", "--timeout", "90s");
        Result strict = plugin("run", "outcomes", "strict", "--wait", "--timeout", "90s");
        Result tolerant = plugin("run", "outcomes", "tolerant", "--wait", "--timeout", "90s");

        assertThat(good.exitCode()).as(good.err()).isZero();
        String goodRun = good.out().lines().findFirst().orElseThrow();
        assertThat(goodRun).startsWith("three-good-");
        assertThat(good.out()).contains("workflowrun/" + goodRun + " Succeeded: All 3 steps succeeded");
        assertThat(strict.exitCode()).as(strict.out() + strict.err()).isEqualTo(3);
        // the run's message carries the failed step's output tail
        assertThat(strict.out()).contains("Failed (StepFailed): Step 'second' failed").contains("psql: relation does not exist");
        assertThat(tolerant.exitCode()).as(tolerant.out() + tolerant.err()).isEqualTo(4);
        String strictRun = strict.out().lines().findFirst().orElseThrow();
        String tolerantRun = tolerant.out().lines().findFirst().orElseThrow();

        // kubectl wait: Finished=True for every outcome; Succeeded=True only for the run without failures
        k("wait", "--for=condition=Finished", "pwr/" + strictRun, "pwr/" + tolerantRun, "--timeout=10s").ok();
        assertThat(k("wait", "--for=condition=Succeeded", "pwr/" + goodRun, "--timeout=10s").exitCode()).isZero();
        assertThat(k("wait", "--for=condition=Succeeded", "pwr/" + tolerantRun, "--timeout=2s").exitCode()).isNotZero();
        assertThat(condition(tolerantRun, "Succeeded", "status")).isEqualTo("False");
        assertThat(condition(tolerantRun, "Finished", "reason")).isEqualTo("CompletedWithFailures");

        // the status command and wait on an ended run exit as run --wait did
        assertThat(plugin("status", strictRun).exitCode()).isEqualTo(3);
        assertThat(plugin("wait", tolerantRun).exitCode()).isEqualTo(4);
        assertThat(plugin("wait", goodRun).exitCode()).isZero();

        // list filters on the API server; the columns show the reason, -o wide the message
        Result failed = plugin("list", "--workspace", "outcomes", "--phase", "Failed", "-o", "name").ok();
        assertThat(failed.out().strip()).isEqualTo("workflowrun.polycrate.io/" + strictRun);
        String table = k("get", "pwr").ok().out();
        assertThat(table.lines().findFirst().orElseThrow()).contains("REASON", "WAITING", "PROMPT").doesNotContain("MESSAGE");
        assertThat(table).contains("CompletedWithFailures", "StepFailed");
        String wide = k("get", "pwr", strictRun, "-o", "wide").ok().out();
        assertThat(wide.lines().findFirst().orElseThrow()).contains("MESSAGE");
        assertThat(wide).contains("psql: relation does not exist");
    }

    @Test
    void waitGivesUpAtItsTimeoutAndCancelEndsTheRun() throws Exception {
        outcomesWorkspace();
        String run = plugin("run", "outcomes", "stuck").ok().out().strip();
        awaitValue("pwr/" + run, "{.status.steps[1].phase}", "Running");

        Result timedOut = plugin("wait", run, "--timeout", "2s");
        Result cancel = plugin("cancel", run).ok();
        Result cancelled = plugin("wait", run, "--timeout", "60s");

        assertThat(timedOut.exitCode()).isEqualTo(6);
        assertThat(timedOut.err()).contains("timed out after 2s waiting for workflowrun/" + run);
        assertThat(cancel.out()).startsWith("Cancelling workflowrun/" + run);
        assertThat(cancelled.exitCode()).as(cancelled.err()).isEqualTo(5);
        // the cancelled step is not counted as done
        assertThat(get("pwr/" + run, "{.status.progress}")).isEqualTo("1/2");
        assertThat(plugin("cancel", run).ok().out()).contains("has already ended (Cancelled");
    }

    @Test
    void promptsAreListedWithTheirIdsAndApprovedAheadOfTime() throws Exception {
        k("apply", "-f", EXAMPLES.resolve("workflow-workspace.yaml").toString()).ok();
        awaitValue("pws/workflow-workspace", "{.status.conditions[?(@.type==\"Ready\")].status}", "True");

        // every prompt with its id, the action's prompt too
        String inspect = plugin("inspect", "workflow-workspace", "workflow-1").ok().out();
        assertThat(inspect).contains("workflow", "Do you really want to run this workflow?",
                "action:block-1-action-1", "Do you really want to run this action?",
                "step:block-2-action-1", "Do you really want to run this step?");
        assertThat(plugin("inspect", "workflow-workspace", "workflow-1", "-o", "yaml").ok().out())
                .contains("kind: Workspace", "id: action:block-1-action-1");
        assertThat(plugin("inspect", "workflow-workspace").ok().out()).contains("workflow-1");

        String run = plugin("run", "workflow-workspace", "workflow-1").ok().out().strip();
        awaitValue("pwr/" + run, "{.status.prompt.id}", "workflow");
        assertThat(k("get", "pwr", run).ok().out()).contains("workflow", "Do you really want to run this workflow?");
        Result typo = plugin("approve", run, "step:block-2-action1");
        assertThat(typo.exitCode()).isEqualTo(1);
        assertThat(typo.err()).contains("has no prompt \"step:block-2-action1\"").contains("step:block-2-action-1");
        for (String id : List.of("step:block-2-action-1", "action:block-1-action-1", "workflow")) {
            plugin("approve", run, id).ok();
        }

        Result watched = plugin("wait", run, "--watch", "--timeout", "90s");

        assertThat(watched.exitCode()).as(watched.err()).isZero();
        assertThat(watched.out()).contains("step block-1-action-1", "step block-2-action-1", "Succeeded");
        assertThat(get("pwr/" + run, "{.metadata.annotations.polycrate\\.io/approve}"))
                .isEqualTo("step:block-2-action-1,action:block-1-action-1,workflow");
    }

    @Test
    void inspectFailsOnAnInvalidWorkspace() throws Exception {
        // the schema lets it through; the operator's validation finds the step's block missing
        sandbox.kubectlWithInput("""
                apiVersion: polycrate.io/v1alpha1
                kind: Workspace
                metadata: {name: broken}
                spec:
                  blocks:
                  - {name: db, actions: [{name: install, script: ["true"]}]}
                  workflows:
                  - {name: deploy, steps: [{name: install, block: databse, action: install}]}
                """, "apply", "-n", ns, "-f", "-").ok();
        awaitValue("pws/broken", "{.status.conditions[?(@.type==\"Ready\")].status}", "False");

        Result result = plugin("inspect", "broken");
        Result workflow = plugin("inspect", "broken", "deploy");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("workspace \"broken\" is invalid (InvalidSpec)").contains("databse");
        assertThat(workflow.exitCode()).isEqualTo(1);
        assertThat(workflow.err()).isEqualTo(result.err());
    }

    @Test
    void kubectlCompletesSubcommandsAndRunNamesThroughThePlugin() throws Exception {
        outcomesWorkspace();
        String run = plugin("run", "outcomes", "three-good").ok().out().strip();

        // kubectl's own completion finds kubectl_complete-polycrate on PATH, as a shell's completion calls it
        Result commands = sandbox.kubectl("__complete", "polycrate", "");
        Result runs = sandbox.kubectl("__complete", "polycrate", "status", "-n", ns, "");
        Result workflows = sandbox.kubectl("__complete", "polycrate", "run", "-n", ns, "outcomes", "");

        assertThat(commands.out().lines()).contains("run", "wait", "logs", "approve", "cancel");
        assertThat(runs.out().lines()).contains(run);
        assertThat(workflows.out().lines()).contains("strict", "tolerant", "three-good");
    }
}
