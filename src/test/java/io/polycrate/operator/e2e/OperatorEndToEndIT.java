package io.polycrate.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.polycrate.operator.e2e.Sandbox.Result;

/**
 * The operator on a real control plane (the sandbox), driven only through kubectl and the plugin, as users
 * drive it. Needs `sandbox/polycrate-sandbox` (it builds the control plane once) and the packaged operator.
 */
class OperatorEndToEndIT extends EndToEndTest {

    private String createRun(String workflow, boolean force) throws Exception {
        return createRun("outcomes", workflow, force);
    }

    @Test
    void workflowOneRunsWithItsPromptsApprovedByAnnotationAndThePlugin() throws Exception {
        k("apply", "-f", EXAMPLES.resolve("workflow-workspace.yaml").toString()).ok();
        awaitValue("pws/workflow-workspace", "{.status.conditions[?(@.type==\"Ready\")].status}", "True");
        String run = k("create", "-f", EXAMPLES.resolve("workflow-1-run.yaml").toString(), "-o",
                "jsonpath={.metadata.name}").ok().out();

        awaitValue("pwr/" + run, "{.status.prompt.id}", "workflow");
        assertThat(jobsOf(run)).isEmpty();
        assertThat(get("pwr/" + run, "{.status.promptIds[*]}"))
                .isEqualTo("workflow action:block-1-action-1 step:block-2-action-1");
        assertThat(k("get", "events", "--field-selector", "involvedObject.name=" + run + ",reason=PromptWaiting",
                "-o", "jsonpath={.items[*].message}").ok().out())
                .contains("kubectl polycrate approve -n " + ns + " " + run + " (or reject)",
                        "kubectl annotate -n " + ns + " pwr/" + run + " polycrate.io/approve=workflow "
                                + "polycrate.io/answered-by=workflow=<you> --overwrite");
        approveByAnnotation(run, "workflow");
        awaitValue("pwr/" + run, "{.status.prompt.id}", "action:block-1-action-1");
        assertThat(jobsOf(run)).isEmpty();
        approveByAnnotation(run, "workflow", "action:block-1-action-1");
        awaitValue("pwr/" + run, "{.status.prompt.id}", "step:block-2-action-1");
        assertThat(jobsOf(run)).containsExactly(run + "-0-block-1-action-1");

        Result approved = sandbox.plugin("-n", ns, "approve", run).ok();
        assertThat(approved.out()).startsWith("Approved prompt 'step:block-2-action-1' of workflowrun/" + run);
        awaitValue("pwr/" + run, "{.status.phase}", "Succeeded");

        assertThat(jobsOf(run)).containsExactlyInAnyOrder(run + "-0-block-1-action-1", run + "-1-block-2-action-1");
        assertThat(get("pwr/" + run, "{.metadata.annotations.polycrate\\.io/approve}"))
                .isEqualTo("workflow,action:block-1-action-1,step:block-2-action-1");
        Result status = sandbox.plugin("-n", ns, "status", run).ok();
        assertThat(status.out()).contains("Phase:     Succeeded").contains("block-1-action-1").contains("block-2-action-1");
        assertThat(status.out().lines().filter(l -> l.contains("Succeeded") && l.contains(run + "-"))).hasSize(2);
        String events = k("get", "events", "--field-selector", "involvedObject.name=" + run, "--sort-by=.metadata.creationTimestamp",
                "-o", "jsonpath={.items[*].reason}").ok().out();
        assertThat(events.split(" ")).contains("RunStarted", "PromptWaiting", "PromptApproved", "StepStarted",
                "StepSucceeded", "RunSucceeded");
        assertThat(get("pws/workflow-workspace", "{.status.workflows[0].prompts[*].id}"))
                .isEqualTo("workflow action:block-1-action-1 step:block-2-action-1");
        assertThat(sandbox.plugin("-n", ns, "list", "--workspace", "workflow-workspace").ok().out()).contains(run);
        assertThat(sandbox.plugin("-n", ns, "inspect", "workflow-workspace", "workflow-1").ok().out())
                .contains("1. block-2-action-1: block-2/action-1", "step:block-2-action-1");
    }

    @Test
    void aFailingStepIsRecordedWithItsExitCodeWithAndWithoutAllowFailure() throws Exception {
        k("apply", "-f", RESOURCES.resolve("outcomes.yaml").toString()).ok();
        String strict = createRun("strict", false);
        String tolerant = createRun("tolerant", false);

        awaitValue("pwr/" + strict, "{.status.phase}", "Failed");
        assertThat(get("pwr/" + strict, "{.status.steps[1].exitCode}")).isEqualTo("3");
        assertThat(get("pwr/" + strict, "{.status.steps[1].phase}")).isEqualTo("Failed");
        String transaction = get("pwr/" + strict, "{.status.steps[1].transaction}");
        String message = "Step 'second' failed (transaction " + transaction + "): exit code 3: "
                + "psql: relation does not exist";
        assertThat(get("pwr/" + strict, "{.status.message}")).isEqualTo(message);
        assertThat(jobsOf(strict)).hasSize(2);
        assertThat(k("wait", "--for=condition=Finished", "--timeout=0", "pwr/" + strict).exitCode()).isZero();
        assertThat(k("wait", "--for=condition=Succeeded", "--timeout=0", "pwr/" + strict).exitCode()).isNotZero();
        List<String> wide = k("get", "pwr", strict, "-o", "wide").ok().out().lines().toList();
        assertThat(wide.get(0)).contains("REASON", "MESSAGE");
        assertThat(wide.get(1)).contains("Failed", "StepFailed", "2/3", message);
        assertThat(k("get", "pwr", strict).ok().out()).contains("StepFailed").doesNotContain("MESSAGE", "psql");

        awaitValue("pwr/" + tolerant, "{.status.phase}", "Succeeded");
        assertThat(condition(tolerant, "Succeeded", "reason")).isEqualTo("CompletedWithFailures");
        assertThat(condition(tolerant, "Succeeded", "status")).isEqualTo("False");
        assertThat(condition(tolerant, "Finished", "status")).isEqualTo("True");
        assertThat(get("pwr/" + tolerant, "{.status.message}")).endsWith("): psql: relation does not exist");
        assertThat(k("wait", "--for=condition=Finished", "--timeout=0", "pwr/" + tolerant).exitCode()).isZero();
        assertThat(k("wait", "--for=condition=Succeeded", "--timeout=0", "pwr/" + tolerant).exitCode())
                .as("a run that completed with failures is not a success to wait for").isNotZero();
        assertThat(get("pwr/" + tolerant, "{.status.steps[1].exitCode}")).isEqualTo("3");
        assertThat(jobsOf(tolerant)).hasSize(3);
    }

    @Test
    void aFailedRunIsRetriedWithThePluginFromItsFailedStep() throws Exception {
        k("apply", "-f", RESOURCES.resolve("outcomes.yaml").toString()).ok();
        String failed = createRun("strict", false);
        String running = createRun("stuck", false);
        awaitValue("pwr/" + failed, "{.status.phase}", "Failed");
        awaitValue("pwr/" + running, "{.status.steps[1].phase}", "Running");

        Result notFinished = sandbox.plugin("-n", ns, "retry", running);
        assertThat(notFinished.exitCode()).isNotZero();
        assertThat(notFinished.err()).contains("workflowrun \"" + running + "\" has not finished (phase: Running)");
        k("patch", "pwr/" + running, "--type", "merge", "-p", "{\"spec\":{\"cancel\":true}}").ok();
        // the fix: step 'second' (block broken) no longer exits 3
        k("patch", "pws/outcomes", "--type", "json", "-p",
                "[{\"op\":\"remove\",\"path\":\"/spec/blocks/1/podTemplate\"}]").ok();

        Result retried = sandbox.plugin("-n", ns, "retry", failed).ok();

        String retry = failed + "-retry-1";
        assertThat(retried.out()).isEqualTo(retry + "\n");
        assertThat(retried.err()).contains("as workflowrun/" + retry + ": from step 'second'");
        awaitValue("pwr/" + retry, "{.status.phase}", "Succeeded");
        assertThat(get("pwr/" + retry, "{.spec.fromStep}")).isEqualTo("second");
        assertThat(get("pwr/" + retry, "{.metadata.annotations.polycrate\\.io/retry-of}")).isEqualTo(failed);
        assertThat(get("pwr/" + retry, "{.status.steps[*].phase}")).isEqualTo("Skipped Succeeded Succeeded");
        assertThat(get("pwr/" + retry, "{.status.steps[0].message}"))
                .isEqualTo("Skipped: this run starts at step 'second' (spec.fromStep)");
        assertThat(get("pwr/" + retry, "{.status.steps[0].transaction}")).isEmpty();
        assertThat(get("pwr/" + retry, "{.status.progress}")).isEqualTo("2/2");
        assertThat(jobsOf(retry)).containsExactlyInAnyOrder(retry + "-1-second", retry + "-2-third");
        assertThat(get("pwr/" + failed, "{.status.phase}")).as("the retried run stays as it was").isEqualTo("Failed");

        Result nothingLeft = sandbox.plugin("-n", ns, "retry", retry);
        assertThat(nothingLeft.exitCode()).isNotZero();
        assertThat(nothingLeft.err()).contains("succeeded without a failed or rejected step: nothing to retry");
    }

    @Test
    void cancelStopsARunningStepAndAWaitingPrompt() throws Exception {
        k("apply", "-f", RESOURCES.resolve("outcomes.yaml").toString()).ok();
        k("apply", "-f", EXAMPLES.resolve("workflow-workspace.yaml").toString()).ok();
        String stuck = createRun("stuck", false);
        awaitValue("pwr/" + stuck, "{.status.steps[1].phase}", "Running");

        k("patch", "pwr/" + stuck, "--type", "merge", "-p", "{\"spec\":{\"cancel\":true}}").ok();

        awaitValue("pwr/" + stuck, "{.status.phase}", "Cancelled");
        assertThat(get("pwr/" + stuck, "{.status.steps[1].phase}")).isEqualTo("Cancelled");
        assertThat(get("pwr/" + stuck, "{.status.progress}")).as("the cancelled step is not done").isEqualTo("1/2");
        await().atMost(WAIT).untilAsserted(() -> assertThat(jobsOf(stuck)).containsExactly(stuck + "-0-first"));

        String waiting = k("create", "-f", EXAMPLES.resolve("workflow-1-run.yaml").toString(), "-o",
                "jsonpath={.metadata.name}").ok().out();
        awaitValue("pwr/" + waiting, "{.status.phase}", "AwaitingApproval");
        k("patch", "pwr/" + waiting, "--type", "merge", "-p", "{\"spec\":{\"cancel\":true}}").ok();
        awaitValue("pwr/" + waiting, "{.status.phase}", "Cancelled");
        assertThat(get("pwr/" + waiting, "{.status.prompt}")).isEmpty();
        assertThat(jobsOf(waiting)).isEmpty();
    }

    @Test
    void theApiServerRejectsInvalidObjectsWithAReadableMessage() throws Exception {
        k("apply", "-f", RESOURCES.resolve("outcomes.yaml").toString()).ok();
        assertRejected("invalid-both-script-and-playbook.yaml", "an action has exactly one of script or playbook");
        assertRejected("invalid-duplicate-blocks.yaml", "block names must be unique within a workspace");
        assertRejected("invalid-block-name.yaml", "spec.blocks[0].name");
        assertRejected("invalid-run-workflow-and-action.yaml",
                "a WorkflowRun names either a workflow or an action, not both");
        assertRejected("invalid-run-step-without-workflow.yaml", "step is only allowed together with workflow");

        String run = createRun("stuck", false);
        Result changed = k("patch", "pwr/" + run, "--type", "merge", "-p", "{\"spec\":{\"workflow\":\"strict\"}}");
        assertThat(changed.exitCode()).isNotZero();
        assertThat(changed.err()).contains("workspace, workflow, step, fromStep and action cannot change once the run "
                + "exists");
    }

    private void assertRejected(String file, String message) throws Exception {
        Result result = k("apply", "-f", RESOURCES.resolve(file).toString());
        assertThat(result.exitCode()).as("%s is rejected", file).isNotZero();
        assertThat(result.err()).as("%s", file).contains(message);
    }

    @Test
    void deletingARunGarbageCollectsItsJobs() throws Exception {
        k("apply", "-f", RESOURCES.resolve("outcomes.yaml").toString()).ok();
        String run = createRun("stuck", false);
        awaitValue("pwr/" + run, "{.status.steps[1].phase}", "Running");
        assertThat(jobsOf(run)).hasSize(2);

        k("delete", "pwr/" + run, "--wait=true").ok();

        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(jobsOf(run)).isEmpty());
        assertThat(k("get", "configmap", run + "-plan").exitCode()).isNotZero();
    }

    @Test
    void runHistoryKeepsTheNewestRunAndItsPredecessorsAreCollectedWithTheirJobs() throws Exception {
        k("apply", "-f", RESOURCES.resolve("outcomes.yaml").toString()).ok();
        Result negative = k("patch", "pws/outcomes", "--type", "merge", "-p",
                "{\"spec\":{\"runHistory\":{\"succeeded\":-1}}}");
        assertThat(negative.exitCode()).isNotZero();
        assertThat(negative.err()).contains("spec.runHistory.succeeded", "greater than or equal to 0");
        k("patch", "pws/outcomes", "--type", "merge", "-p",
                "{\"spec\":{\"runHistory\":{\"succeeded\":1,\"failed\":1}}}").ok();
        String first = createRun("three-good", false);
        awaitValue("pwr/" + first, "{.status.phase}", "Succeeded");
        assertThat(jobsOf(first)).hasSize(3);

        awaitASecondAfterCompletionOf(first);
        String second = createRun("three-good", false);
        awaitValue("pwr/" + second, "{.status.phase}", "Succeeded");
        awaitValue("pwr", "{.items[*].metadata.name}", second);
        awaitASecondAfterCompletionOf(second);
        String third = createRun("three-good", false);
        awaitValue("pwr/" + third, "{.status.phase}", "Succeeded");

        awaitValue("pwr", "{.items[*].metadata.name}", third);
        // the sandbox's garbage collector removes what the deleted runs owned
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(jobsOf(first)).isEmpty();
            assertThat(jobsOf(second)).isEmpty();
            assertThat(get("pods", "{.items[*].metadata.labels.polycrate\\.io/run}")).doesNotContain(first, second);
            assertThat(get("configmaps", "{.items[*].metadata.name}"))
                    .doesNotContain(first + "-plan", second + "-plan").contains(third + "-plan");
        });
        assertThat(jobsOf(third)).hasSize(3);
        String pruned = k("get", "events", "--field-selector", "involvedObject.name=outcomes,reason=RunPruned",
                "--sort-by=.metadata.creationTimestamp", "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}")
                .ok().out();
        assertThat(pruned.lines()).containsExactly(
                "Deleted 1 finished run beyond spec.runHistory (succeeded: 1, failed: 1), oldest first: " + first,
                "Deleted 1 finished run beyond spec.runHistory (succeeded: 1, failed: 1), oldest first: " + second);
    }

    /**
     * Waits until the clock has passed the second the run finished in. Times have whole seconds, and of two runs
     * finishing and created in the same second the older is the one whose (here random) name sorts first; a run
     * created after this is newer in every respect.
     */
    private void awaitASecondAfterCompletionOf(String run) throws Exception {
        Instant completed = Instant.parse(get("pwr/" + run, "{.status.completionTime}"));
        await().atMost(WAIT).until(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(completed));
    }

    @Test
    void printerColumnsShowPhaseReasonStepAndThePromptWithItsId() throws Exception {
        k("apply", "-f", EXAMPLES.resolve("workflow-workspace.yaml").toString()).ok();
        String run = k("create", "-f", EXAMPLES.resolve("workflow-1-run.yaml").toString(), "-o",
                "jsonpath={.metadata.name}").ok().out();
        awaitValue("pwr/" + run, "{.status.phase}", "AwaitingApproval");

        List<String> table = k("get", "pwr", run).ok().out().lines().toList();

        assertThat(table.get(0).split("\\s+")).containsExactly("NAME", "PHASE", "REASON", "WORKSPACE", "WORKFLOW",
                "STEP", "PROGRESS", "WAITING", "PROMPT", "AGE");
        assertThat(table.get(1)).contains("AwaitingApproval", "AwaitingApproval", "workflow-workspace", "workflow-1",
                "block-1-action-1", "0/2", " workflow ", "Do you really want to run this workflow?");
        List<String> workspaces = k("get", "pws").ok().out().lines().toList();
        assertThat(workspaces.get(0)).contains("READY", "WORKFLOWS");
        assertThat(workspaces.get(1)).contains("workflow-workspace", "True", "workflow-1");
    }

    @Test
    void anOperatorKilledMidRunAndStartedAgainFinishesWithOneJobPerStep() throws Exception {
        k("apply", "-f", RESOURCES.resolve("outcomes.yaml").toString()).ok();
        String run = createRun("three-good", false);
        await().atMost(WAIT).until(() -> !jobsOf(run).isEmpty());

        sandbox.killOperator();
        // the step's Job finishes while no operator watches
        awaitValue("job/" + run + "-0-first", "{.status.succeeded}", "1");
        sandbox.startOperator();

        awaitValue("pwr/" + run, "{.status.phase}", "Succeeded");
        assertThat(jobsOf(run)).containsExactlyInAnyOrder(run + "-0-first", run + "-1-second", run + "-2-third");
        String transactions = get("pwr/" + run, "{.status.steps[*].transaction}");
        assertThat(Arrays.stream(transactions.split(" ")).distinct().count()).isEqualTo(3);
        String jobTransactions = k("get", "jobs", "-l", "polycrate.io/run=" + run, "-o",
                "jsonpath={.items[*].metadata.labels.polycrate\\.io/transaction}").ok().out();
        assertThat(jobTransactions.split(" ")).containsExactlyInAnyOrder(transactions.split(" "));
    }
}
