package io.polycrate.operator.workflow;

import static io.polycrate.operator.workflow.RunFixtures.T0;
import static io.polycrate.operator.workflow.RunFixtures.WAIT_TIMEOUT;
import static io.polycrate.operator.workflow.RunFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.polycrate.operator.api.v1alpha1.Action;
import io.polycrate.operator.api.v1alpha1.Block;
import io.polycrate.operator.api.v1alpha1.RunConditions;
import io.polycrate.operator.api.v1alpha1.RunConditions.Reason;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.Step;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.Workflow;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.events.EventType;
import io.polycrate.operator.status.Conditions;
import io.polycrate.operator.status.Timestamps;
import io.polycrate.operator.workflow.Decision.CreateJob;
import io.polycrate.operator.workflow.Decision.RunEvent;
import io.polycrate.operator.workflow.RunFixtures.Driver;

/** The decider's branches around the plan: planning a run, a plan refused, taken or lost. No Kubernetes. */
class BeforePlanTest {

    private static Workspace workspace() {
        WorkspaceSpec spec = new WorkspaceSpec();
        spec.setBlocks(List.of(new Block("plain", List.of(new Action("hello", List.of("echo hello"))))));
        spec.setWorkflows(List.of(new Workflow("deploy", List.of(new Step("hello", "plain", "hello")))));
        Workspace workspace = new Workspace();
        workspace.getMetadata().setName("ws");
        workspace.getMetadata().setGeneration(2L);
        workspace.setSpec(spec);
        return workspace;
    }

    private static Decision decide(WorkflowRun run, StoredPlan plan, Instant at) {
        Decision decision = RunStateMachine.decide(RunFixtures.input(run, plan, Map.of(), at));
        RunFixtures.assertFinishedFollowsSucceeded(decision.status());
        return decision;
    }

    private static String reason(Decision decision) {
        return Conditions.find(decision.status().getConditions(), RunConditions.SUCCEEDED).orElseThrow().getReason();
    }

    @Test
    void aRunWithoutAPlanIsPlannedAndItsFirstJobAskedForOnceThePlanIsFrozen() {
        Decision decision = RunStateMachine.decide(new RunInput(RunFixtures.run(), new StoredPlan.Missing(),
                workspace(), null, Map.of(), PromptAnswers.NONE, T0, RunFixtures.SETTINGS, () -> "tx-1"));

        assertThat(decision.planToFreeze()).isNotNull();
        assertThat(decision.planToFreeze().plan().steps()).extracting(PlannedStep::name).containsExactly("hello");
        assertThat(decision.planToFreeze().plan().workspaceGeneration()).isEqualTo(2L);
        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Running);
        assertThat(decision.jobActions()).containsExactly(new CreateJob(0, "r-0-hello", "tx-1"));
        assertThat(decision.events()).extracting(RunEvent::reason).containsExactly(EventReason.RunStarted);
    }

    @Test
    void aRunWithoutASpecFails() {
        WorkflowRun run = RunFixtures.run();
        run.setSpec(null);

        Decision decision = decide(run, new StoredPlan.Missing(), T0);

        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(reason(decision)).isEqualTo("InvalidRun");
        assertThat(decision.status().getMessage()).startsWith("spec: is required");
    }

    @Test
    void aPlanTheApiServerRefusesFailsTheRunWithItsReason() {
        Decision decision = decide(RunFixtures.run(), new StoredPlan.Refused(Reason.PlanTooLarge, "too large"), T0);

        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(reason(decision)).isEqualTo("PlanTooLarge");
        assertThat(decision.status().getMessage()).isEqualTo("too large");
        assertThat(decision.planToFreeze()).isNull();
        assertThat(decision.jobActions()).isEmpty();
    }

    @Test
    void aForeignPlanConfigMapIsWaitedForUntilTheWaitTimeoutThenFailsTheRun() {
        WorkflowRun run = RunFixtures.run();
        run.getMetadata().setCreationTimestamp(Timestamps.format(T0));
        StoredPlan taken = new StoredPlan.Foreign("ConfigMap r-plan exists and does not belong to this run");

        Decision waiting = decide(run, taken, T0);

        assertThat(waiting.status().getPhase()).isEqualTo(RunPhase.Pending);
        assertThat(reason(waiting)).isEqualTo("NameConflict");
        assertThat(waiting.requeueAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(waiting.events()).extracting(RunEvent::type).containsExactly(EventType.Warning);
        run.setStatus(waiting.status());

        Decision failed = decide(run, taken, T0.plus(WAIT_TIMEOUT));

        assertThat(failed.status().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(reason(failed)).isEqualTo("NameConflict");
        assertThat(failed.status().getMessage()).isEqualTo("ConfigMap r-plan exists and does not belong to this run; "
                + "delete it, or create the run under another name");
    }

    @Test
    void aStartedRunWhosePlanIsGoneFailsSayingWhichConfigMap() {
        Driver driver = new Driver(plan("one", "two"));
        driver.decide();

        assertThat(decide(driver.run, new StoredPlan.Missing(), T0).status().getMessage())
                .isEqualTo("The plan ConfigMap r-plan was deleted; the run cannot go on");
        assertThat(decide(driver.run, new StoredPlan.Foreign("ConfigMap r-plan exists and is not this run's"), T0)
                .status().getMessage()).isEqualTo("ConfigMap r-plan exists and is not this run's; this run's own "
                        + "plan ConfigMap r-plan was deleted; the run cannot go on");
        Decision lost = decide(driver.run, new StoredPlan.Lost(), T0);
        assertThat(lost.status().getMessage())
                .isEqualTo("The plan ConfigMap r-plan of this run was deleted; the run cannot go on");
        assertThat(reason(lost)).isEqualTo("PlanLost");
        assertThat(lost.status().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(lost.status().getSteps()).extracting(s -> s.getPhase())
                .containsExactly(StepPhase.Skipped, StepPhase.Skipped);
        assertThat(lost.jobActions()).isEmpty();
    }
}
