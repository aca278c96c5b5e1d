package io.polycrate.operator.workflow;

import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;
import io.polycrate.operator.status.Timestamps;
import java.util.Map;
import static io.polycrate.operator.workflow.RunFixtures.PULL_GRACE;
import static io.polycrate.operator.workflow.RunFixtures.T0;
import static io.polycrate.operator.workflow.RunFixtures.active;
import static io.polycrate.operator.workflow.RunFixtures.failed;
import static io.polycrate.operator.workflow.RunFixtures.plan;
import static io.polycrate.operator.workflow.RunFixtures.step;
import static io.polycrate.operator.workflow.RunFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.polycrate.operator.api.v1alpha1.RunConditions;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.events.EventType;
import io.polycrate.operator.status.ConditionStatus;
import io.polycrate.operator.status.Conditions;
import io.polycrate.operator.workflow.Decision.CreateJob;
import io.polycrate.operator.workflow.Decision.DeleteJob;
import io.polycrate.operator.workflow.Decision.RunEvent;
import io.polycrate.operator.workflow.JobObservation.ImagePullTrouble;
import io.polycrate.operator.workflow.RunFixtures.Driver;

/** The run state machine, transition by transition. No Kubernetes. */
class RunStateMachineTest {

    private static List<EventReason> reasons(Decision decision) {
        return decision.events().stream().map(RunEvent::reason).toList();
    }

    private static String succeededReason(Driver driver) {
        return Conditions.find(driver.run.getStatus().getConditions(), RunConditions.SUCCEEDED).orElseThrow()
                .getReason();
    }

    private static String condition(Decision decision, String type) {
        var condition = Conditions.find(decision.status().getConditions(), type).orElseThrow();
        return condition.getStatus() + "/" + condition.getReason();
    }

    @Test
    void aNewRunRecordsItsFirstTransactionBeforeAskingForTheJob() {
        Driver driver = new Driver(plan("one", "two"));

        Decision decision = driver.decide();

        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Running);
        assertThat(decision.status().getWorkspaceGeneration()).isEqualTo(3L);
        StepStatus first = decision.status().getSteps().get(0);
        assertThat(first.getTransaction()).isEqualTo("tx-1");
        assertThat(first.getJob()).isEqualTo("r-0-one");
        assertThat(first.getPhase()).isEqualTo(StepPhase.Pending);
        assertThat(decision.status().getSteps().get(1).getTransaction()).isNull();
        assertThat(decision.jobActions()).containsExactly(new CreateJob(0, "r-0-one", "tx-1"));
        assertThat(reasons(decision)).containsExactly(EventReason.RunStarted);
        assertThat(decision.status().getProgress()).isEqualTo("0/2");
        assertThat(decision.status().getCurrentStep()).isEqualTo("one");
        assertThat(succeededReason(driver)).isEqualTo("Running");
    }

    @Test
    void aWrittenAheadStepWhoseJobIsNotSeenAsksForItAgainWithTheSameTransaction() {
        Driver driver = new Driver(plan("one", "two"));
        driver.decide();

        Decision again = driver.decide();

        assertThat(again.jobActions()).containsExactly(new CreateJob(0, "r-0-one", "tx-1"));
        assertThat(again.events()).isEmpty();
        assertThat(driver.transactions.get()).isEqualTo(1);
    }

    @Test
    void aSeenJobStartsTheStepOnce() {
        Driver driver = new Driver(plan("one", "two"));
        driver.decide();
        driver.jobs.put("r-0-one", active("r-0-one"));

        Decision started = driver.decide();
        Decision quiet = driver.decide();

        assertThat(started.status().getSteps().get(0).getPhase()).isEqualTo(StepPhase.Running);
        assertThat(started.status().getSteps().get(0).getStartTime()).isEqualTo("2026-01-30T10:00:00Z");
        assertThat(reasons(started)).containsExactly(EventReason.StepStarted);
        assertThat(started.jobActions()).isEmpty();
        assertThat(quiet.events()).isEmpty();
        assertThat(quiet.jobActions()).isEmpty();
    }

    @Test
    void aSucceededStepLeadsToTheNextStepsJobInTheSameDecision() {
        Driver driver = new Driver(plan("one", "two"));
        driver.decide();
        driver.jobs.put("r-0-one", succeeded("r-0-one"));

        Decision decision = driver.decide();

        StepStatus one = decision.status().getSteps().get(0);
        assertThat(one.getPhase()).isEqualTo(StepPhase.Succeeded);
        assertThat(one.getExitCode()).isZero();
        assertThat(one.getCompletionTime()).isEqualTo("2026-01-30T10:00:05Z");
        assertThat(decision.status().getSteps().get(1).getTransaction()).isEqualTo("tx-2");
        assertThat(decision.jobActions()).containsExactly(new CreateJob(1, "r-1-two", "tx-2"));
        assertThat(reasons(decision)).containsExactly(EventReason.StepStarted, EventReason.StepSucceeded);
        assertThat(decision.status().getProgress()).isEqualTo("1/2");
        assertThat(decision.status().getCurrentStep()).isEqualTo("two");
    }

    @Test
    void theLastSucceededStepSucceedsTheRun() {
        Driver driver = new Driver(plan("one"));
        driver.decide();
        driver.jobs.put("r-0-one", succeeded("r-0-one"));

        Decision decision = driver.decide();

        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Succeeded);
        assertThat(decision.status().getMessage()).isEqualTo("All 1 step succeeded");
        assertThat(decision.status().getCompletionTime()).isEqualTo("2026-01-30T10:00:00Z");
        assertThat(succeededReason(driver)).isEqualTo("Succeeded");
        assertThat(reasons(decision)).containsExactly(EventReason.StepStarted, EventReason.StepSucceeded,
                EventReason.RunSucceeded);
    }

    @Test
    void theShellTheStepsContainerReportedIsRecorded() {
        Driver driver = new Driver(plan("one", "two"));
        driver.decide();
        driver.jobs.put("r-0-one", succeeded("r-0-one").withShell("sh"));
        driver.decide();
        driver.jobs.put("r-1-two", failed("r-1-two", 1, "boom").withShell("bash"));

        Decision decision = driver.decide();

        assertThat(decision.status().getSteps()).extracting(StepStatus::getShell).containsExactly("sh", "bash");
    }

    @Test
    void aFailedStepFailsTheRunAndNoLaterJobIsAskedFor() {
        Driver driver = new Driver(plan("one", "two", "three"));
        driver.decide();
        driver.jobs.put("r-0-one", succeeded("r-0-one"));
        driver.decide();
        driver.jobs.put("r-1-two", failed("r-1-two", 2, "boom"));

        Decision decision = driver.decide();

        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(decision.status().getMessage()).isEqualTo("Step 'two' failed (transaction tx-2): exit code 2: boom");
        assertThat(decision.status().getSteps()).extracting(StepStatus::getPhase)
                .containsExactly(StepPhase.Succeeded, StepPhase.Failed, StepPhase.Skipped);
        assertThat(decision.status().getSteps().get(1).getExitCode()).isEqualTo(2);
        assertThat(decision.status().getSteps().get(1).getMessage()).isEqualTo("boom");
        assertThat(decision.jobActions()).isEmpty();
        assertThat(succeededReason(driver)).isEqualTo("StepFailed");
        assertThat(reasons(decision)).containsExactly(EventReason.StepStarted, EventReason.StepFailed,
                EventReason.RunFailed);
        assertThat(decision.events().get(1).message()).contains("transaction tx-2");
    }

    @Test
    void allowFailureGoesOnAndEndsCompletedWithFailures() {
        Driver driver = new Driver(plan(true, null, step(0, "one", null, null), step(1, "two", null, null)));
        driver.decide();
        driver.jobs.put("r-0-one", failed("r-0-one", 1, ""));

        Decision next = driver.decide();
        assertThat(next.jobActions()).containsExactly(new CreateJob(1, "r-1-two", "tx-2"));
        assertThat(next.status().getSteps().get(0).getMessage()).isEqualTo("exit code 1");
        driver.jobs.put("r-1-two", succeeded("r-1-two"));
        Decision done = driver.decide();

        assertThat(done.status().getPhase()).isEqualTo(RunPhase.Succeeded);
        assertThat(succeededReason(driver)).isEqualTo("CompletedWithFailures");
        assertThat(condition(done, RunConditions.SUCCEEDED)).isEqualTo("False/CompletedWithFailures");
        assertThat(condition(done, RunConditions.FINISHED)).isEqualTo("True/CompletedWithFailures");
        assertThat(done.status().getMessage())
                .isEqualTo("Completed with failures (allowFailure): step 'one' failed (transaction tx-1): exit code 1");
    }

    @Test
    void aJobDeletedWhileRunningFailsItsStep() {
        Driver driver = new Driver(plan("one"));
        driver.decide();
        driver.jobs.put("r-0-one", active("r-0-one"));
        driver.decide();
        driver.jobs.clear();

        Decision decision = driver.decide();

        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(decision.status().getMessage())
                .isEqualTo("Step 'one' failed (transaction tx-1): Job r-0-one was deleted before it finished");
        assertThat(decision.jobActions()).isEmpty();
    }

    static Stream<Arguments> imagePulls() {
        return Stream.of(
                Arguments.of("within the grace period the run waits and looks again when it ends",
                        new ImagePullTrouble(T0, "ImagePullBackOff", "not found", false), Duration.ofSeconds(30),
                        null, Duration.ofSeconds(90)),
                Arguments.of("after the grace period the step fails and its Job goes",
                        new ImagePullTrouble(T0, "ErrImagePull", "not found", false), PULL_GRACE,
                        "image alpine:3.20 cannot be pulled: ErrImagePull: not found", null),
                Arguments.of("an invalid image name fails at once",
                        new ImagePullTrouble(T0, "InvalidImageName", "bad", true), Duration.ZERO,
                        "image alpine:3.20 cannot be pulled: InvalidImageName: bad", null),
                Arguments.of("a container the kubelet cannot create fails after the grace period, saying so",
                        new ImagePullTrouble(T0, "CreateContainerError", "failed to mkdir \"\"", false), PULL_GRACE,
                        "the step's container cannot be created: CreateContainerError: failed to mkdir \"\"", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imagePulls")
    void imagePullFailures(String name, ImagePullTrouble trouble, Duration elapsed, String failure,
            Duration requeue) {
        Driver driver = new Driver(plan("one"));
        driver.decide();
        driver.jobs.put("r-0-one", JobObservation.active("r-0-one", "tx-1", T0).withImagePull(trouble));
        driver.now = T0.plus(elapsed);

        Decision decision = driver.decide();

        assertThat(decision.requeueAfter()).isEqualTo(requeue);
        if (failure == null) {
            assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Running);
            assertThat(decision.jobActions()).isEmpty();
        } else {
            assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Failed);
            assertThat(decision.status().getSteps().get(0).getMessage()).isEqualTo(failure);
            assertThat(decision.jobActions()).containsExactly(new DeleteJob("r-0-one"));
        }
    }

    @Test
    void cancelDeletesTheRunningJobAndSkipsTheRest() {
        Driver driver = new Driver(plan("one", "two", "three"));
        driver.decide();
        driver.jobs.put("r-0-one", succeeded("r-0-one"));
        driver.decide();
        driver.jobs.put("r-1-two", active("r-1-two"));
        driver.decide();
        driver.run.getSpec().setCancel(true);

        Decision decision = driver.decide();

        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Cancelled);
        assertThat(decision.status().getSteps()).extracting(StepStatus::getPhase)
                .containsExactly(StepPhase.Succeeded, StepPhase.Cancelled, StepPhase.Skipped);
        assertThat(decision.jobActions()).containsExactly(new DeleteJob("r-1-two"));
        assertThat(reasons(decision)).containsExactly(EventReason.RunCancelled);
        assertThat(succeededReason(driver)).isEqualTo("Cancelled");
    }

    @Test
    void aFinishedRunIsLeftAlone() {
        Driver driver = new Driver(plan("one"));
        driver.decide();
        driver.jobs.put("r-0-one", succeeded("r-0-one"));
        driver.decide();
        driver.run.getSpec().setCancel(true);
        driver.jobs.clear();

        Decision decision = driver.decide();

        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Succeeded);
        assertThat(decision.jobActions()).isEmpty();
        assertThat(decision.events()).isEmpty();
    }

    @Test
    void aRunWithoutAPlanFailsWithTheReasonAndMessage() {
        WorkflowRun run = RunFixtures.run();
        run.getSpec().setWorkflow("x");
        Workspace workspace = new Workspace();
        workspace.getMetadata().setName("ws");
        workspace.setSpec(new WorkspaceSpec());

        Decision decision = RunStateMachine.decide(new RunInput(run, new StoredPlan.Missing(), workspace, null,
                Map.of(), PromptAnswers.NONE, T0, RunFixtures.SETTINGS, () -> "tx"));

        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(decision.status().getMessage())
                .isEqualTo("spec.workflow: Workspace \"ws\" has no workflow named \"x\"");
        assertThat(Conditions.find(decision.status().getConditions(), "Succeeded").orElseThrow().getReason())
                .isEqualTo("WorkflowNotFound");
        assertThat(decision.jobActions()).isEmpty();
        assertThat(decision.planToFreeze()).isNull();
        assertThat(reasons(decision)).containsExactly(EventReason.RunFailed);
        assertThat(decision.events().get(0).type()).isEqualTo(EventType.Warning);
    }

    @Test
    void aRunCancelledBeforeItHadAPlanNeverStarts() {
        var run = RunFixtures.run();
        run.getSpec().setCancel(true);

        Decision decision = RunStateMachine.decide(RunFixtures.input(run, new StoredPlan.Missing(), Map.of(), T0));

        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Cancelled);
        assertThat(decision.jobActions()).isEmpty();
    }

    @Test
    void forceSkipsEveryPromptAndTheTransactionsSaySo() {
        Driver driver = new Driver(plan(false, "Run?", step(0, "one", "Step one?", "Action one?")));
        driver.run.getSpec().setForce(true);

        Decision decision = driver.decide();

        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Running);
        assertThat(decision.status().getPrompt()).isNull();
        assertThat(decision.status().getSteps().get(0).getApprovals())
                .extracting(a -> a.getPrompt() + "/" + a.getBy() + "/" + a.getApprovedAt())
                .containsExactly("workflow/Force/2026-01-30T10:00:00Z", "step:one/Force/2026-01-30T10:00:00Z",
                        "action:one/Force/2026-01-30T10:00:00Z");
        assertThat(decision.jobActions()).hasSize(1);
    }

    @Test
    void observedGenerationFollowsTheSpec() {
        Driver driver = new Driver(plan("one"));
        driver.run.getMetadata().setGeneration(4L);

        assertThat(driver.decide().status().getObservedGeneration()).isEqualTo(4L);
    }

    @Test
    void aJobTheApiServerRejectedFailsItsStepWithoutStartingIt() {
        Driver driver = new Driver(plan("one", "two"));
        driver.decide();
        driver.jobs.put("r-0-one", JobObservation.rejected("r-0-one", "tx-1",
                "Job.batch \"r-0-one\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"Always\""));

        Decision decision = driver.decide();

        StepStatus step = decision.status().getSteps().get(0);
        assertThat(step.getPhase()).isEqualTo(StepPhase.Failed);
        assertThat(step.getStartTime()).isNull();
        assertThat(step.getMessage()).startsWith("the API server rejected the step's Job: Job.batch \"r-0-one\" is "
                + "invalid: spec.template.spec.restartPolicy");
        assertThat(reasons(decision)).containsExactly(EventReason.StepFailed, EventReason.RunFailed);
        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(decision.jobActions()).isEmpty();
    }

    @Test
    void aJobOfTheStepsNameThatIsNotTheRunsIsWaitedForThenFailsTheStep() {
        Driver driver = new Driver(plan("one"));
        driver.run.getMetadata().setCreationTimestamp(Timestamps.format(T0));
        driver.decide();
        JobObservation orphan = JobObservation.succeeded("r-0-one", "tx-of-an-earlier-run", T0, 0, "", T0)
                .withForeignOwner("none");
        driver.jobs.put("r-0-one", orphan);
        driver.now = T0.plusSeconds(60);

        Decision waiting = driver.decide();

        assertThat(waiting.status().getSteps().get(0).getPhase()).isEqualTo(StepPhase.Pending);
        assertThat(waiting.status().getMessage()).isEqualTo("Step 'one' waits: Job r-0-one exists and does not "
                + "belong to this run (its controller: none); it is never taken as the step's. Waiting until "
                + "2026-01-30T10:05:00Z for it to be deleted");
        assertThat(waiting.requeueAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(waiting.jobActions()).isEmpty();
        assertThat(reasons(waiting)).containsExactly(EventReason.NameConflict);
        assertThat(reasons(driver.decide())).as("told once").isEmpty();

        driver.now = T0.plus(RunFixtures.WAIT_TIMEOUT);
        Decision failed = driver.decide();

        assertThat(failed.status().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(failed.status().getSteps().get(0).getStartTime()).isNull();
        assertThat(failed.status().getMessage()).isEqualTo("Step 'one' failed (transaction tx-1): Job r-0-one exists "
                + "and does not belong to this run (its controller: none); delete it, or create the run under another "
                + "name");
        assertThat(failed.jobActions()).isEmpty();
    }

    @Test
    void anOwnedJobWithAnotherTransactionIsNotTheSteps() {
        Driver driver = new Driver(plan("one"));
        driver.decide();
        driver.jobs.put("r-0-one", JobObservation.succeeded("r-0-one", "tx-other", T0, 0, "", T0));

        Decision decision = driver.decide();

        assertThat(decision.status().getSteps().get(0).getPhase()).isEqualTo(StepPhase.Pending);
        assertThat(decision.status().getMessage()).contains("Job r-0-one exists and does not belong to this run's "
                + "step (its transaction tx-other, the step's tx-1)");
    }

    @Test
    void aFinishedRunDeletesItsJobsThatStillRunUntilTheyAreGone() {
        Driver driver = new Driver(plan("one", "two"));
        driver.decide();
        driver.jobs.put("r-0-one", active("r-0-one"));
        driver.decide();
        driver.run.getSpec().setCancel(true);
        assertThat(driver.decide().jobActions()).containsExactly(new DeleteJob("r-0-one"));
        // the delete failed: the Job still runs, the run is Cancelled
        Map<String, JobObservation> seen = Map.of("r-0-one",
                JobObservation.active("r-0-one", "tx-1", T0));

        Decision again = RunStateMachine.decide(RunFixtures.input(driver.run, new StoredPlan.Missing(), seen, T0));

        assertThat(again.jobActions()).containsExactly(new DeleteJob("r-0-one"));
        assertThat(again.status().getPhase()).isEqualTo(RunPhase.Cancelled);
        assertThat(again.events()).isEmpty();
        assertThat(RunStateMachine.decide(RunFixtures.input(driver.run, new StoredPlan.Missing(), Map.of(), T0))
                .jobActions()).isEmpty();
        assertThat(RunStateMachine.decide(RunFixtures.input(driver.run, new StoredPlan.Missing(), Map.of("r-0-one",
                JobObservation.active("r-0-one", "tx-1", T0).withForeignOwner("none")),
                T0)).jobActions())
                .as("never a Job that is not the run's").isEmpty();
    }

    @Test
    void aReconcileErrorIsClearedByTheNextDecision() {
        Driver driver = new Driver(plan("one"));
        driver.decide();
        Conditions.set(driver.run.getStatus().getConditions(), RunConditions.RECONCILE_ERROR, ConditionStatus.True,
                "ApiServerUnreachable", "The API server cannot be reached", 1L, T0);

        Decision decision = driver.decide();

        assertThat(Conditions.find(decision.status().getConditions(), RunConditions.RECONCILE_ERROR))
                .hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("Recovered");
                });
    }

    @Test
    void aRunWaitingForItsWorkspaceSaysSoOnce() {
        WorkflowRun run = RunFixtures.run();
        run.getMetadata().setCreationTimestamp(Timestamps.format(T0));
        Decision first = RunStateMachine.decide(RunFixtures.input(run, new StoredPlan.Missing(), Map.of(), T0));
        run.setStatus(first.status());
        Decision second = RunStateMachine.decide(RunFixtures.input(run, new StoredPlan.Missing(), Map.of(),
                T0.plusSeconds(60)));

        assertThat(first.status().getPhase()).isEqualTo(RunPhase.Pending);
        assertThat(Conditions.find(first.status().getConditions(), "Succeeded").orElseThrow().getReason())
                .isEqualTo("WaitingForWorkspace");
        assertThat(reasons(first)).containsExactly(EventReason.RunWaiting);
        assertThat(first.requeueAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(reasons(second)).isEmpty();
        assertThat(second.requeueAfter()).isEqualTo(Duration.ofMinutes(4));
    }

    /** A run of steps one, two, three from step two (spec.fromStep). */
    private static Driver fromTwo(RunPlan plan) {
        Driver driver = new Driver(RunFixtures.from(1, plan));
        driver.run.getSpec().setFromStep("two");
        return driver;
    }

    @Test
    void aRunFromAStepRecordsTheStepsBeforeItAsSkippedWithoutTransactionOrJob() {
        Driver driver = fromTwo(plan("one", "two", "three"));

        Decision decision = driver.decide();

        StepStatus one = decision.status().getSteps().get(0);
        assertThat(one.getPhase()).isEqualTo(StepPhase.Skipped);
        assertThat(one.getMessage()).isEqualTo("Skipped: this run starts at step 'two' (spec.fromStep)");
        assertThat(one.getTransaction()).isNull();
        assertThat(one.getJob()).isNull();
        assertThat(one.getStartTime()).isNull();
        assertThat(decision.status().getSteps().get(1).getTransaction()).isEqualTo("tx-1");
        assertThat(decision.jobActions()).containsExactly(new CreateJob(1, "r-1-two", "tx-1"));
        assertThat(decision.status().getProgress()).isEqualTo("0/2");
        assertThat(decision.status().getCurrentStep()).isEqualTo("two");
        assertThat(decision.status().getMessage()).isEqualTo("Step 'two' is starting (transaction tx-1)");
        assertThat(decision.events()).extracting(RunEvent::message).containsExactly("Running workflow 'deploy' of "
                + "workspace 'ws' (generation 3): 2 of 3 steps, from step 'two' (spec.fromStep)");

        driver.jobs.put("r-1-two", succeeded("r-1-two"));
        driver.decide();
        driver.jobs.put("r-2-three", succeeded("r-2-three"));
        Decision done = driver.decide();

        assertThat(done.status().getPhase()).isEqualTo(RunPhase.Succeeded);
        assertThat(done.status().getMessage()).isEqualTo("All 2 steps from step 'two' (spec.fromStep) succeeded");
        assertThat(done.status().getProgress()).isEqualTo("2/2");
        assertThat(done.status().getSteps()).extracting(StepStatus::getPhase)
                .containsExactly(StepPhase.Skipped, StepPhase.Succeeded, StepPhase.Succeeded);
        assertThat(done.status().getSteps()).extracting(StepStatus::getTransaction)
                .containsExactly(null, "tx-1", "tx-2");
        assertThat(driver.transactions.get()).as("a transaction for each step that ran, none more").isEqualTo(2);
    }

    @Test
    void theWorkflowPromptOfARunFromAStepIsAskedBeforeTheFirstStepThatRuns() {
        Driver driver = fromTwo(plan(false, "Deploy?", step(0, "one", "Step one?", null),
                step(1, "two", null, "Action two?"), step(2, "three", null, null)));
        driver.annotate("step:one", null);

        Decision waiting = driver.decide();

        assertThat(waiting.status().getPrompt().getId()).isEqualTo("workflow");
        assertThat(waiting.status().getCurrentStep()).isEqualTo("two");
        assertThat(waiting.status().getSteps().get(1).getPhase()).isEqualTo(StepPhase.AwaitingApproval);
        assertThat(waiting.jobActions()).isEmpty();
        assertThat(waiting.events()).filteredOn(e -> e.reason() == EventReason.ApprovalIgnored)
                .extracting(RunEvent::message).as("the skipped step's prompt is never asked")
                .containsExactly("Prompt id 'step:one' names no prompt of this run; known ids: workflow, action:two");

        driver.annotate("step:one,workflow,action:two", null);
        Decision started = driver.decide();

        assertThat(started.status().getSteps().get(1).getApprovals()).extracting(a -> a.getPrompt())
                .containsExactly("workflow", "action:two");
        assertThat(started.status().getSteps().get(0).getApprovals()).isEmpty();
        assertThat(started.jobActions()).containsExactly(new CreateJob(1, "r-1-two", "tx-1"));
    }

    @Test
    void aRunFromAStepWhosePlanIsLostCountsItsProgressFromThatStep() {
        Driver driver = fromTwo(plan("one", "two", "three"));
        driver.decide();
        driver.jobs.put("r-1-two", succeeded("r-1-two"));
        driver.decide();

        Decision lost = RunStateMachine.decide(RunFixtures.input(driver.run, new StoredPlan.Missing(), Map.of(), T0));

        assertThat(Conditions.find(lost.status().getConditions(), RunConditions.SUCCEEDED).orElseThrow().getReason())
                .isEqualTo("PlanLost");
        assertThat(lost.status().getProgress()).isEqualTo("1/2");
        assertThat(lost.status().getSteps()).extracting(StepStatus::getPhase)
                .containsExactly(StepPhase.Skipped, StepPhase.Succeeded, StepPhase.Skipped);
    }

    @Test
    void aStepWhosePodCannotBeCreatedFailsAfterTheGracePeriod() {
        Driver driver = new Driver(plan("one", "two"));
        driver.decide();
        JobObservation podless = JobObservation.active("r-0-one", "tx-1", T0).withPod(false);
        driver.jobs.put("r-0-one", podless);
        assertThat(driver.decide().requeueAfter()).as("the pod, or the event saying why not, wakes it").isNull();
        String refused = "Error creating: pods \"r-0-one-x\" is forbidden: error looking up service account "
                + "ns/deployer: serviceaccount \"deployer\" not found";
        driver.jobs.put("r-0-one", podless.withoutPod(refused));
        driver.now = T0.plusSeconds(30);

        Decision waiting = driver.decide();

        assertThat(waiting.status().getPhase()).isEqualTo(RunPhase.Running);
        assertThat(waiting.requeueAfter()).isEqualTo(RunFixtures.PULL_GRACE.minusSeconds(30));
        driver.now = T0.plus(RunFixtures.PULL_GRACE);

        Decision failed = driver.decide();

        assertThat(failed.status().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(failed.status().getSteps().get(0).getMessage()).isEqualTo("the step's pod cannot be created: "
                + refused);
        assertThat(failed.jobActions()).containsExactly(new DeleteJob("r-0-one"));
    }
}
