package io.polycrate.operator.workflow;

import static io.polycrate.operator.workflow.RunFixtures.T0;
import static io.polycrate.operator.workflow.RunFixtures.active;
import static io.polycrate.operator.workflow.RunFixtures.plan;
import static io.polycrate.operator.workflow.RunFixtures.step;
import static io.polycrate.operator.workflow.RunFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Condition;
import io.polycrate.operator.api.v1alpha1.RunConditions;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.WorkflowRunStatus;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.status.ConditionStatus;
import io.polycrate.operator.status.Conditions;
import io.polycrate.operator.workflow.Decision.RunEvent;
import io.polycrate.operator.workflow.RunFixtures.Driver;

/**
 * How a run ends, as people and kubectl wait read it: the Succeeded and Finished conditions, the progress, the
 * message with the failed step's output, and the prompt ids listed for answers. No Kubernetes.
 */
class RunOutcomeTest {

    private static String condition(WorkflowRunStatus status, String type) {
        Condition condition = Conditions.find(status.getConditions(), type).orElseThrow();
        return condition.getStatus() + "/" + condition.getReason();
    }

    private static JobObservation failed(String job, int exitCode, String output) {
        return RunFixtures.failed(job, exitCode, output);
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                Arguments.of("every step succeeded", (Consumer<Driver>) d -> d.jobs.put("r-0-one", succeeded("r-0-one")),
                        RunPhase.Succeeded, "True/Succeeded", "True/Succeeded"),
                Arguments.of("a step failed", (Consumer<Driver>) d -> d.jobs.put("r-0-one", failed("r-0-one", 3, "")),
                        RunPhase.Failed, "False/StepFailed", "True/StepFailed"),
                Arguments.of("cancelled", (Consumer<Driver>) d -> d.run.getSpec().setCancel(true),
                        RunPhase.Cancelled, "False/Cancelled", "True/Cancelled"),
                Arguments.of("still running", (Consumer<Driver>) d -> d.jobs.put("r-0-one", active("r-0-one")),
                        RunPhase.Running, "Unknown/Running", "False/Running"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void finishedIsTrueForEveryEndAndSucceededOnlyForASuccess(String name, Consumer<Driver> event, RunPhase phase,
            String succeeded, String finished) {
        Driver driver = new Driver(plan("one"));
        driver.decide();
        event.accept(driver);

        WorkflowRunStatus status = driver.decide().status();

        assertThat(status.getPhase()).isEqualTo(phase);
        assertThat(condition(status, RunConditions.SUCCEEDED)).isEqualTo(succeeded);
        assertThat(condition(status, RunConditions.FINISHED)).isEqualTo(finished);
    }

    @Test
    void aRunThatCompletedWithFailuresIsSucceededInPhaseButNotInItsSucceededCondition() {
        Driver driver = new Driver(plan(true, null, step(0, "one", null, null), step(1, "two", null, null)));
        driver.decide();
        driver.jobs.put("r-0-one", failed("r-0-one", 3, "connecting to db\nboom: could not connect\n"));
        driver.decide();
        driver.jobs.put("r-1-two", succeeded("r-1-two"));

        Decision done = driver.decide();

        assertThat(done.status().getPhase()).isEqualTo(RunPhase.Succeeded);
        assertThat(condition(done.status(), RunConditions.SUCCEEDED)).isEqualTo("False/CompletedWithFailures");
        assertThat(condition(done.status(), RunConditions.FINISHED)).isEqualTo("True/CompletedWithFailures");
        assertThat(done.status().getMessage()).isEqualTo("Completed with failures (allowFailure): step 'one' failed "
                + "(transaction tx-1): boom: could not connect");
        assertThat(done.events()).extracting(RunEvent::reason).contains(EventReason.RunSucceeded);
    }

    @Test
    void theCompletedWithFailuresMessageStaysBoundedAndCountsTheStepsLeftOut() {
        PlannedStep[] steps = IntStream.range(0, 20).mapToObj(i -> step(i, "step-" + i, null, null))
                .toArray(PlannedStep[]::new);
        Driver driver = new Driver(plan(true, null, steps));
        String longLine = "x".repeat(500);
        for (int i = 0; i < 20; i++) {
            driver.decide();
            driver.jobs.put("r-" + i + "-step-" + i, failed("r-" + i + "-step-" + i, 1, longLine));
        }

        Decision done = driver.decide();

        assertThat(done.status().getPhase()).isEqualTo(RunPhase.Succeeded);
        assertThat(done.status().getMessage()).hasSizeLessThanOrEqualTo(Transition.MAX_FAILURES_MESSAGE)
                .startsWith("Completed with failures (allowFailure): step 'step-0' failed (transaction tx-1): xxx")
                .contains("x...; step 'step-1' failed").endsWith(" more");
    }

    @Test
    void aFailedStepsRunMessageCarriesTheLastLineOfItsOutput() {
        Driver driver = new Driver(plan("one"));
        driver.decide();
        driver.jobs.put("r-0-one", failed("r-0-one", 3, "connecting to db\nboom: could not connect\n\n  \n"));

        Decision decision = driver.decide();

        assertThat(decision.status().getMessage())
                .isEqualTo("Step 'one' failed (transaction tx-1): exit code 3: boom: could not connect");
        assertThat(decision.status().getSteps().get(0).getMessage())
                .isEqualTo("connecting to db\nboom: could not connect\n\n  \n");
        assertThat(Conditions.find(decision.status().getConditions(), RunConditions.FINISHED).orElseThrow()
                .getMessage()).isEqualTo(decision.status().getMessage());
        assertThat(decision.events()).filteredOn(e -> e.reason() == EventReason.StepFailed)
                .extracting(RunEvent::message).singleElement().asString().endsWith("exit code 3: boom: could not connect");
    }

    @Test
    void aFailedStepWithoutOutputSaysOnlyWhy() {
        Driver driver = new Driver(plan("one"));
        driver.decide();
        driver.jobs.put("r-0-one", failed("r-0-one", 3, null));

        Decision decision = driver.decide();

        assertThat(decision.status().getMessage()).isEqualTo("Step 'one' failed (transaction tx-1): exit code 3");
        assertThat(decision.status().getSteps().get(0).getMessage()).isEqualTo("exit code 3");
    }

    @Test
    void anOutputLineThatSaysWhatTheReasonSaysIsNotRepeated() {
        Driver driver = new Driver(plan("one"));
        driver.decide();
        driver.jobs.put("r-0-one", failed("r-0-one", 3, "exit code 3\n"));

        assertThat(driver.decide().status().getMessage()).isEqualTo("Step 'one' failed (transaction tx-1): exit code 3");
    }

    @Test
    void aCancelledStepIsNotCountedDone() {
        Driver driver = new Driver(plan("one"));
        driver.decide();
        driver.jobs.put("r-0-one", active("r-0-one"));
        driver.decide();
        driver.run.getSpec().setCancel(true);

        Decision cancelled = driver.decide();

        assertThat(cancelled.status().getPhase()).isEqualTo(RunPhase.Cancelled);
        assertThat(cancelled.status().getProgress()).isEqualTo("0/1");
    }

    @Test
    void theFrozenPlansPromptIdsAreListedInTheOrderAsked() {
        Driver driver = new Driver(plan(false, "Deploy?", step(0, "one", "Step one?", "Action one?"),
                step(1, "two", null, null), step(2, "three", null, "Action three?")));

        WorkflowRunStatus status = driver.decide().status();

        assertThat(status.getPromptIds()).containsExactly("workflow", "step:one", "action:one", "action:three");
    }

    @Test
    void promptIdsAreListedAlsoWhenForcedAndEmptyForAPlanWithoutPrompts() {
        Driver forced = new Driver(plan(false, "Deploy?", step(0, "one", null, "Action one?")));
        forced.run.getSpec().setForce(true);
        assertThat(forced.decide().status().getPromptIds()).containsExactly("workflow", "action:one");

        assertThat(new Driver(plan("one")).decide().status().getPromptIds()).isEmpty();
    }

    @Test
    void promptIdsLeaveOutTheStepsARunFromAStepSkips() {
        Driver driver = new Driver(RunFixtures.from(1, plan(false, "Deploy?", step(0, "one", "Step one?", null),
                step(1, "two", "Step two?", null))));
        driver.run.getSpec().setFromStep("two");

        assertThat(driver.decide().status().getPromptIds()).containsExactly("workflow", "step:two");
    }

    @Test
    void aRunWithoutAPlanHasNoPromptIds() {
        Decision waiting = RunStateMachine.decide(RunFixtures.input(RunFixtures.run(), new StoredPlan.Missing(),
                Map.of(), T0));

        assertThat(waiting.status().getPhase()).isEqualTo(RunPhase.Pending);
        assertThat(waiting.status().getPromptIds()).isNull();
    }

    @Test
    void aRunThatEndedBeforeTheFinishedConditionExistedGetsItAsOfItsEnd() {
        Driver driver = new Driver(plan(true, null, step(0, "one", null, null)));
        driver.decide();
        driver.jobs.put("r-0-one", failed("r-0-one", 1, ""));
        driver.decide();
        // as an older operator left it: Succeeded True with reason CompletedWithFailures, no Finished
        WorkflowRunStatus old = driver.run.getStatus();
        old.getConditions().removeIf(c -> RunConditions.FINISHED.equals(c.getType()));
        Conditions.set(old.getConditions(), RunConditions.SUCCEEDED, ConditionStatus.True, "CompletedWithFailures",
                "Completed with failures", 1L, T0);
        driver.now = T0.plusSeconds(3600);

        Decision decision = RunStateMachine.decide(RunFixtures.input(driver.run, new StoredPlan.Found(driver.plan),
                Map.of(), driver.now));

        assertThat(condition(decision.status(), RunConditions.SUCCEEDED)).isEqualTo("False/CompletedWithFailures");
        Condition finished = Conditions.find(decision.status().getConditions(), RunConditions.FINISHED).orElseThrow();
        assertThat(finished.getStatus() + "/" + finished.getReason() + "/" + finished.getMessage())
                .isEqualTo("True/CompletedWithFailures/Completed with failures");
        assertThat(finished.getLastTransitionTime()).isEqualTo(old.getCompletionTime());
        assertThat(decision.events()).isEmpty();
        RunFixtures.assertFinishedFollowsSucceeded(decision.status());
    }
}
