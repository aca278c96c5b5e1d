package io.polycrate.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunStatus;
import io.polycrate.operator.events.EventReason;

class RunQueueTest {

    private static WorkflowRun run(String name, String created, String workspace, RunPhase phase, boolean started) {
        WorkflowRun run = RunFixtures.run();
        run.getMetadata().setName(name);
        run.getMetadata().setCreationTimestamp(created);
        run.getSpec().setWorkspace(workspace);
        if (phase != null) {
            WorkflowRunStatus status = new WorkflowRunStatus();
            status.setPhase(phase);
            if (started) {
                status.getSteps().add(new StepStatus("one", "block", "one"));
            }
            run.setStatus(status);
        }
        return run;
    }

    @Test
    void aStartedRunOfTheWorkspaceGoesFirstEvenIfCreatedLater() {
        WorkflowRun me = run("b", "2026-01-30T10:00:00Z", "ws", null, false);
        WorkflowRun running = run("c", "2026-01-30T10:00:05Z", "ws", RunPhase.Running, true);

        assertThat(RunQueue.runAhead(me, List.of(me, running))).contains(running);
    }

    @Test
    void queuedRunsStartInCreationOrderThenByName() {
        WorkflowRun first = run("z", "2026-01-30T10:00:00Z", "ws", RunPhase.Pending, false);
        WorkflowRun sameSecond = run("a", "2026-01-30T10:00:01Z", "ws", null, false);
        WorkflowRun me = run("b", "2026-01-30T10:00:01Z", "ws", null, false);

        assertThat(RunQueue.runAhead(me, List.of(me, sameSecond, first))).contains(first);
        assertThat(RunQueue.runAhead(sameSecond, List.of(me, sameSecond, first))).contains(first);
        assertThat(RunQueue.runAhead(first, List.of(me, sameSecond, first))).isEmpty();
    }

    @Test
    void finishedRunsAndOtherWorkspacesDoNotHoldTheQueue() {
        WorkflowRun me = run("b", "2026-01-30T10:00:05Z", "ws", null, false);
        WorkflowRun done = run("a", "2026-01-30T10:00:00Z", "ws", RunPhase.Succeeded, true);
        WorkflowRun cancelledEarly = run("c", "2026-01-30T10:00:01Z", "ws", RunPhase.Cancelled, false);
        WorkflowRun elsewhere = run("d", "2026-01-30T10:00:00Z", "other", RunPhase.Running, true);

        assertThat(RunQueue.runAhead(me, List.of(me, done, cancelledEarly, elsewhere))).isEmpty();
    }

    @Test
    void aQueuedRunIsPendingAndSaysBehindWhomOnce() {
        WorkflowRun me = run("b", "2026-01-30T10:00:05Z", "ws", null, false);

        WorkflowRun ahead = run("a", "2026-01-30T10:00:00Z", "ws", RunPhase.Running, true);
        Decision first = RunStateMachine.decide(queuedBehind(me, ahead, RunFixtures.T0));
        me.setStatus(first.status());
        Decision again = RunStateMachine.decide(queuedBehind(me, ahead, RunFixtures.T0.plusSeconds(10)));

        assertThat(first.status().getPhase()).isEqualTo(RunPhase.Pending);
        assertThat(first.status().getMessage())
                .isEqualTo("Queued behind run 'a': workspace 'ws' runs one run at a time (concurrency: Serial)");
        assertThat(first.events()).extracting(Decision.RunEvent::reason).containsExactly(EventReason.RunQueued);
        assertThat(first.requeueAfter()).as("looks again for a run ahead that was deleted")
                .isEqualTo(RunStateMachine.QUEUE_RECHECK);
        assertThat(again.events()).isEmpty();
        assertThat(again.status().getSteps()).isEmpty();
        assertThat(again.jobActions()).isEmpty();
    }

    private static RunInput queuedBehind(WorkflowRun run, WorkflowRun ahead, Instant now) {
        return new RunInput(run, new StoredPlan.Missing(), null, ahead, Map.of(), PromptAnswers.NONE, now,
                RunFixtures.SETTINGS, () -> "tx");
    }
}
