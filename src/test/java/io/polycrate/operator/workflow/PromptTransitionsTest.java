package io.polycrate.operator.workflow;

import static io.polycrate.operator.workflow.RunFixtures.T0;
import static io.polycrate.operator.workflow.RunFixtures.active;
import static io.polycrate.operator.workflow.RunFixtures.plan;
import static io.polycrate.operator.workflow.RunFixtures.step;
import static io.polycrate.operator.workflow.RunFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.polycrate.operator.api.v1alpha1.RunConditions;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.events.EventType;
import io.polycrate.operator.status.Conditions;
import io.polycrate.operator.workflow.Decision.CreateJob;
import io.polycrate.operator.workflow.Decision.RunEvent;
import io.polycrate.operator.workflow.RunFixtures.Driver;

/** Prompts in the run state machine: where they wait, and every way they are answered. */
class PromptTransitionsTest {

    /** workflow-1 of the reference page: workflow prompt, action prompt on step 1, step prompt on step 2. */
    private static Driver workflowOne(boolean allowFailure) {
        return new Driver(plan(allowFailure, "Do you really want to run this workflow?",
                step(0, "block-1-action-1", null, "Do you really want to run this action?"),
                step(1, "block-2-action-1", "Do you really want to run this step?", null)));
    }

    private static List<EventReason> reasons(Decision decision) {
        return decision.events().stream().map(RunEvent::reason).toList();
    }

    private static String condition(Decision decision, String type) {
        var condition = Conditions.find(decision.status().getConditions(), type).orElseThrow();
        return condition.getStatus() + "/" + condition.getReason() + "/" + condition.getMessage();
    }

    @Test
    void theWorkflowPromptWaitsBeforeTheFirstStep() {
        Driver driver = workflowOne(false);

        Decision decision = driver.decide();

        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.AwaitingApproval);
        assertThat(decision.status().getPrompt().getId()).isEqualTo("workflow");
        assertThat(decision.status().getPrompt().getMessage()).isEqualTo("Do you really want to run this workflow?");
        assertThat(decision.status().getPrompt().getSince()).isEqualTo("2026-01-30T10:00:00Z");
        assertThat(decision.status().getSteps().get(0).getPhase()).isEqualTo(StepPhase.AwaitingApproval);
        assertThat(decision.status().getSteps().get(0).getTransaction()).isEqualTo("tx-1");
        assertThat(decision.status().getSteps().get(0).getJob()).isNull();
        assertThat(decision.jobActions()).isEmpty();
        assertThat(reasons(decision)).containsExactly(EventReason.RunStarted, EventReason.PromptWaiting);
        assertThat(condition(decision, RunConditions.AWAITING_APPROVAL))
                .isEqualTo("True/PromptWaiting/Do you really want to run this workflow?");
        assertThat(condition(decision, RunConditions.SUCCEEDED)).startsWith("Unknown/AwaitingApproval/");
        assertThat(condition(decision, RunConditions.FINISHED)).startsWith("False/AwaitingApproval/");
        assertThat(decision.status().getMessage())
                .isEqualTo("Waiting for approval of prompt 'workflow': Do you really want to run this workflow?");
    }

    @Test
    void thePromptWaitingEventSaysHowToAnswerKeepingTheAnswersGivenBefore() {
        Driver driver = workflowOne(false);
        driver.annotate("workflow", null, "workflow=alice");
        driver.decide();

        Decision actionPrompt = driver.decide();
        driver.annotate("workflow, step:typo", null, " workflow=alice,workflow=bob ");
        driver.run.getStatus().setPrompt(null); // wait anew: announced again with the answers given by now

        Decision again = driver.decide();

        assertThat(actionPrompt.events()).isEmpty();
        assertThat(again.events()).filteredOn(e -> e.reason() == EventReason.PromptWaiting).extracting(RunEvent::message)
                .containsExactly("Waiting for approval of prompt 'action:block-1-action-1': Do you really want to run "
                        + "this action? Answer: kubectl polycrate approve -n ns r (or reject); with kubectl alone: "
                        + "kubectl annotate -n ns pwr/r polycrate.io/approve=workflow,step:typo,action:block-1-action-1 "
                        + "polycrate.io/answered-by=workflow=alice,workflow=bob,action:block-1-action-1=<you> "
                        + "--overwrite (<you>: your user name, kubectl auth whoami)");
    }

    @Test
    void theFirstAnswerByHandStartsBothAnnotations() {
        Driver driver = workflowOne(false);

        Decision decision = driver.decide();

        assertThat(decision.events()).filteredOn(e -> e.reason() == EventReason.PromptWaiting)
                .extracting(RunEvent::message).singleElement().asString()
                .contains("kubectl annotate -n ns pwr/r polycrate.io/approve=workflow "
                        + "polycrate.io/answered-by=workflow=<you> --overwrite");
    }

    @Test
    void thePromptWaitingEventStaysBoundedWhateverTheQuestionAndTheAnnotations() {
        Driver driver = new Driver(plan(false, "Q".repeat(1024), step(0, "one", null, null)));
        String typos = java.util.stream.IntStream.range(0, 300).mapToObj(i -> "step:typo-" + i)
                .collect(java.util.stream.Collectors.joining(","));
        driver.annotate(typos, null, typos.replace(",", "=alice,") + "=alice");

        Decision decision = driver.decide();

        assertThat(decision.status().getPrompt().getMessage()).hasSize(1024);
        assertThat(decision.events()).filteredOn(e -> e.reason() == EventReason.PromptWaiting)
                .extracting(RunEvent::message).singleElement().asString().hasSizeLessThan(1024)
                .contains("Q... Answer: kubectl polycrate approve -n ns r")
                .contains("polycrate.io/approve=<its value>,workflow polycrate.io/answered-by=<its value>,workflow=<you>");
    }

    @Test
    void aWaitingPromptIsAnnouncedOnceAndKeepsItsSince() {
        Driver driver = workflowOne(false);
        driver.decide();
        driver.now = T0.plusSeconds(30);

        Decision again = driver.decide();

        assertThat(again.events()).isEmpty();
        assertThat(again.status().getPrompt().getSince()).isEqualTo("2026-01-30T10:00:00Z");
    }

    @Test
    void eachApprovalMovesToTheNextPromptInPolycratesOrder() {
        Driver driver = workflowOne(false);
        driver.decide();

        driver.annotate("workflow", null);
        Decision actionPrompt = driver.decide();
        assertThat(actionPrompt.status().getPrompt().getId()).isEqualTo("action:block-1-action-1");
        assertThat(reasons(actionPrompt)).containsExactly(EventReason.PromptApproved, EventReason.PromptWaiting);
        assertThat(actionPrompt.jobActions()).isEmpty();

        driver.annotate("workflow,action:block-1-action-1", null);
        Decision firstJob = driver.decide();
        assertThat(firstJob.status().getPrompt()).isNull();
        assertThat(firstJob.status().getPhase()).isEqualTo(RunPhase.Running);
        assertThat(condition(firstJob, RunConditions.AWAITING_APPROVAL)).startsWith("False/NoPromptWaiting");
        assertThat(firstJob.jobActions()).containsExactly(new CreateJob(0, "r-0-block-1-action-1", "tx-1"));
        assertThat(firstJob.status().getSteps().get(0).getApprovals())
                .extracting(a -> a.getPrompt() + "/" + a.getBy())
                .containsExactly("workflow/Annotation", "action:block-1-action-1/Annotation");

        driver.jobs.put("r-0-block-1-action-1", succeeded("r-0-block-1-action-1"));
        Decision stepPrompt = driver.decide();
        assertThat(stepPrompt.status().getPrompt().getId()).isEqualTo("step:block-2-action-1");
        assertThat(stepPrompt.status().getSteps().get(1).getPhase()).isEqualTo(StepPhase.AwaitingApproval);
        assertThat(stepPrompt.jobActions()).isEmpty();

        driver.annotate("step:block-2-action-1", null);
        Decision secondJob = driver.decide();
        assertThat(secondJob.jobActions()).containsExactly(new CreateJob(1, "r-1-block-2-action-1", "tx-2"));
        assertThat(secondJob.status().getSteps().get(1).getApprovals()).extracting(a -> a.getPrompt())
                .containsExactly("step:block-2-action-1");
    }

    @Test
    void anApprovalGivenBeforeThePromptWaitsIsUsedWhenItComes() {
        Driver driver = workflowOne(false);
        driver.annotate("workflow,action:block-1-action-1,step:block-2-action-1", null);

        Decision first = driver.decide();
        assertThat(first.status().getPrompt()).isNull();
        assertThat(first.jobActions()).hasSize(1);
        assertThat(reasons(first)).containsExactly(EventReason.RunStarted, EventReason.PromptApproved,
                EventReason.PromptApproved);

        driver.jobs.put("r-0-block-1-action-1", succeeded("r-0-block-1-action-1"));
        Decision second = driver.decide();
        assertThat(second.jobActions()).containsExactly(new CreateJob(1, "r-1-block-2-action-1", "tx-2"));
        assertThat(reasons(second)).doesNotContain(EventReason.PromptWaiting);
    }

    @Test
    void anIdThatNamesNoPromptIsReportedOnce() {
        Driver driver = workflowOne(false);
        driver.annotate("workflow,step:block-2-actoin-1", null);

        Decision first = driver.decide();
        Decision second = driver.decide();

        assertThat(first.events()).filteredOn(e -> e.reason() == EventReason.ApprovalIgnored).singleElement()
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(EventType.Warning);
                    assertThat(e.message()).startsWith("Prompt id 'step:block-2-actoin-1' names no prompt of this run")
                            .contains("workflow, action:block-1-action-1, step:block-2-action-1");
                });
        assertThat(second.events()).extracting(RunEvent::reason).doesNotContain(EventReason.ApprovalIgnored);
        assertThat(second.status().getIgnoredPromptIds()).containsExactly("step:block-2-actoin-1");
    }

    @Test
    void aThousandIdsThatNameNoPromptAreReportedInOneEvent() {
        Driver driver = workflowOne(false);
        String ids = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "step:typo-" + i)
                .collect(java.util.stream.Collectors.joining(","));
        driver.annotate("workflow," + ids, null);

        Decision first = driver.decide();

        assertThat(first.events()).filteredOn(e -> e.reason() == EventReason.ApprovalIgnored).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("1000 prompt ids name no prompt of this run: "
                        + "step:typo-0, step:typo-1, ").contains("step:typo-9, ...; known ids: workflow")
                        .hasSizeLessThan(400));
        assertThat(first.status().getIgnoredPromptIds()).hasSize(1000);
        assertThat(driver.decide().events()).extracting(RunEvent::reason).doesNotContain(EventReason.ApprovalIgnored);
    }

    @Test
    void rejectingTheWorkflowPromptFailsTheRunBeforeAnyJob() {
        Driver driver = workflowOne(true);
        driver.decide();
        driver.annotate("workflow", "workflow");

        Decision decision = driver.decide();

        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(condition(decision, RunConditions.SUCCEEDED)).startsWith("False/PromptRejected/");
        assertThat(decision.status().getSteps()).extracting(StepStatus::getPhase)
                .containsOnly(StepPhase.Skipped);
        assertThat(decision.status().getSteps().get(0).getApprovals()).singleElement()
                .satisfies(a -> assertThat(a.getRejectedAt()).isNotNull());
        assertThat(decision.jobActions()).isEmpty();
        assertThat(decision.status().getPrompt()).isNull();
        assertThat(reasons(decision)).containsExactly(EventReason.PromptRejected, EventReason.RunFailed);
    }

    @Test
    void aRejectedStepPromptFailsTheStepAndWithoutAllowFailureTheRun() {
        Driver driver = workflowOne(false);
        driver.annotate("workflow,action:block-1-action-1", null);
        driver.decide();
        driver.jobs.put("r-0-block-1-action-1", succeeded("r-0-block-1-action-1"));
        driver.decide();
        driver.annotate("workflow,action:block-1-action-1", "step:block-2-action-1");

        Decision decision = driver.decide();

        assertThat(decision.status().getSteps().get(1).getPhase()).isEqualTo(StepPhase.Rejected);
        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(decision.status().getMessage()).isEqualTo(
                "Step 'block-2-action-1' failed (transaction tx-2): Prompt 'step:block-2-action-1' was rejected");
        assertThat(condition(decision, RunConditions.SUCCEEDED)).startsWith("False/PromptRejected/");
        assertThat(decision.jobActions()).isEmpty();
    }

    @Test
    void aRejectedActionPromptWithAllowFailureGoesOnToTheNextStep() {
        Driver driver = workflowOne(true);
        driver.annotate("workflow,step:block-2-action-1", "action:block-1-action-1");

        Decision decision = driver.decide();

        assertThat(decision.status().getSteps().get(0).getPhase()).isEqualTo(StepPhase.Rejected);
        assertThat(decision.jobActions()).containsExactly(new CreateJob(1, "r-1-block-2-action-1", "tx-2"));
        driver.jobs.put("r-1-block-2-action-1", succeeded("r-1-block-2-action-1"));
        Decision done = driver.decide();
        assertThat(done.status().getPhase()).isEqualTo(RunPhase.Succeeded);
        assertThat(condition(done, RunConditions.SUCCEEDED)).startsWith("False/CompletedWithFailures/");
        assertThat(condition(done, RunConditions.FINISHED)).startsWith("True/CompletedWithFailures/");
        assertThat(done.status().getMessage()).isEqualTo("Completed with failures (allowFailure): step "
                + "'block-1-action-1' rejected (transaction tx-1): Prompt 'action:block-1-action-1' was rejected");
    }

    @Test
    void rejectWinsOverApprove() {
        Driver driver = workflowOne(false);
        driver.annotate("workflow", "workflow");

        assertThat(driver.decide().status().getPhase()).isEqualTo(RunPhase.Failed);
    }

    @Test
    void anUnansweredPromptIsRejectedWhenTheApprovalTimeoutRunsOut() {
        Driver driver = workflowOne(false);
        driver.run.getSpec().setApprovalTimeoutSeconds(600L);

        Decision waiting = driver.decide();
        assertThat(waiting.requeueAfter()).isEqualTo(Duration.ofSeconds(600));
        driver.now = T0.plusSeconds(599);
        assertThat(driver.decide().requeueAfter()).isEqualTo(Duration.ofSeconds(1));
        driver.now = T0.plusSeconds(600);
        Decision timedOut = driver.decide();

        assertThat(timedOut.status().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(condition(timedOut, RunConditions.SUCCEEDED))
                .isEqualTo("False/ApprovalTimeout/Prompt 'workflow' was not answered within 600 seconds");
        assertThat(timedOut.status().getSteps().get(0).getApprovals()).singleElement()
                .satisfies(a -> assertThat(a.getBy()).isEqualTo("ApprovalTimeout"));
    }

    @Test
    void cancelWhileAPromptWaitsEndsTheRunAtOnce() {
        Driver driver = workflowOne(false);
        driver.decide();
        driver.run.getSpec().setCancel(true);

        Decision decision = driver.decide();

        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Cancelled);
        assertThat(decision.status().getPrompt()).isNull();
        assertThat(decision.status().getSteps()).extracting(StepStatus::getPhase)
                .containsExactly(StepPhase.Cancelled, StepPhase.Skipped);
        assertThat(condition(decision, RunConditions.AWAITING_APPROVAL)).startsWith("False/");
        assertThat(decision.jobActions()).isEmpty();
    }

    @Test
    void aPromptOfARunningStepsSuccessorWaitsOnlyAfterItsPredecessorFinished() {
        Driver driver = workflowOne(false);
        driver.annotate("workflow,action:block-1-action-1", null);
        driver.decide();
        driver.jobs.put("r-0-block-1-action-1", active("r-0-block-1-action-1"));

        Decision running = driver.decide();

        assertThat(running.status().getPrompt()).isNull();
        assertThat(running.status().getSteps().get(1).getPhase()).isEqualTo(StepPhase.Pending);
    }

    @Test
    void eachAnswerIsRecordedWithTheUserTheLedgerNamesForItsPrompt() {
        Driver driver = workflowOne(true);
        driver.decide();
        // alice answered the workflow prompt; bob, right after, the action prompt: two entries, two users
        driver.annotate("workflow,action:block-1-action-1", null,
                "workflow=alice,action:block-1-action-1=bob");

        Decision decision = driver.decide();

        StepStatus first = decision.status().getSteps().get(0);
        assertThat(first.getApprovals()).extracting(a -> a.getPrompt() + " " + a.getBy() + " " + a.getUser())
                .containsExactly("workflow Annotation alice", "action:block-1-action-1 Annotation bob");
        assertThat(decision.events()).filteredOn(e -> e.reason() == EventReason.PromptApproved)
                .extracting(RunEvent::message)
                .containsExactly("Prompt 'workflow' approved by alice (transaction tx-1)",
                        "Prompt 'action:block-1-action-1' approved by bob (transaction tx-1)");
    }

    @Test
    void aRejectionNamesWhoRejectedAndAnAnswerNoOneSignedHasNoUser() {
        Driver driver = workflowOne(false);
        driver.decide();
        driver.annotate("workflow", "action:block-1-action-1", "workflow=alice,action:block-1-action-1=carol");

        Decision decision = driver.decide();

        assertThat(decision.status().getSteps().get(0).getApprovals())
                .extracting(a -> a.getPrompt() + " " + a.getUser() + " " + (a.getRejectedAt() != null))
                .containsExactly("workflow alice false", "action:block-1-action-1 carol true");
        assertThat(decision.status().getMessage()).endsWith("Prompt 'action:block-1-action-1' was rejected by carol");

        Driver unsigned = workflowOne(false);
        unsigned.decide();
        unsigned.annotate("workflow", null);
        assertThat(unsigned.decide().status().getSteps().get(0).getApprovals().get(0).getUser()).isNull();
    }
}
