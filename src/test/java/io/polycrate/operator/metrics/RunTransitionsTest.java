package io.polycrate.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.api.v1alpha1.WaitingPrompt;
import io.polycrate.operator.api.v1alpha1.WorkflowRunStatus;
import io.polycrate.operator.metrics.RunTransitions.PromptAnswered;
import io.polycrate.operator.metrics.RunTransitions.RunFinished;
import io.polycrate.operator.metrics.RunTransitions.StepFinished;
import io.polycrate.operator.metrics.RunTransitions.StepStarted;

class RunTransitionsTest {
    static final Instant NOW = Instant.parse("2026-01-30T10:01:00Z");

    static StepStatus step(StepPhase phase, String job, String start, String end) {
        StepStatus step = new StepStatus();
        step.setPhase(phase);
        step.setJob(job);
        step.setStartTime(start);
        step.setCompletionTime(end);
        return step;
    }

    static WorkflowRunStatus status(RunPhase phase, WaitingPrompt prompt, StepStatus... steps) {
        WorkflowRunStatus status = new WorkflowRunStatus();
        status.setPhase(phase);
        status.setPrompt(prompt);
        status.setSteps(List.of(steps));
        return status;
    }

    static WaitingPrompt prompt(String id, String since) {
        WaitingPrompt prompt = new WaitingPrompt();
        prompt.setId(id);
        prompt.setSince(since);
        return prompt;
    }

    @Test
    void aStepWhoseJobIsCreatedStarts() {
        var before = status(RunPhase.Running, null, step(StepPhase.Pending, null, null, null));
        var after = status(RunPhase.Running, null, step(StepPhase.Running, "r-0-a", "2026-01-30T10:00:00Z", null));

        assertThat(RunTransitions.between(before, after, NOW)).containsExactly(new StepStarted());
    }

    @Test
    void aStepThatEndsIsCountedOnceWithHowLongItRanAndTheRunThatEndsWithIt() {
        var running = status(RunPhase.Running, null, step(StepPhase.Running, "r-0-a", "2026-01-30T10:00:00Z", null));
        var failed = status(RunPhase.Failed, null,
                step(StepPhase.Failed, "r-0-a", "2026-01-30T10:00:00Z", "2026-01-30T10:00:42Z"));

        assertThat(RunTransitions.between(running, failed, NOW)).containsExactly(
                new StepFinished(StepPhase.Failed, Duration.ofSeconds(42)), new RunFinished(RunPhase.Failed));
        assertThat(RunTransitions.between(failed, failed, NOW)).isEmpty();
    }

    @Test
    void aStepThatNeverRanEndsWithoutADuration() {
        var waiting = status(RunPhase.AwaitingApproval, prompt("step:a", "2026-01-30T10:00:30Z"),
                step(StepPhase.AwaitingApproval, null, null, null));
        var rejected = status(RunPhase.Failed, null, step(StepPhase.Rejected, null, null, "2026-01-30T10:01:00Z"));

        assertThat(RunTransitions.between(waiting, rejected, NOW)).containsExactly(
                new StepFinished(StepPhase.Rejected, null), new PromptAnswered("Failed", Duration.ofSeconds(30)),
                new RunFinished(RunPhase.Failed));
    }

    @Test
    void aPromptAnsweredWhileTheRunGoesOnIsTimedFromWhenItStartedWaiting() {
        var waiting = status(RunPhase.AwaitingApproval, prompt("workflow", "2026-01-30T10:00:00Z"),
                step(StepPhase.Pending, null, null, null));
        var next = status(RunPhase.AwaitingApproval, prompt("step:a", "2026-01-30T10:01:00Z"),
                step(StepPhase.AwaitingApproval, null, null, null));

        assertThat(RunTransitions.between(waiting, next, NOW))
                .containsExactly(new PromptAnswered("Answered", Duration.ofMinutes(1)));
        assertThat(RunTransitions.between(next, next, NOW)).isEmpty();
    }

    @Test
    void aFirstStatusCountsWhatItAlreadyShows() {
        var first = status(RunPhase.Cancelled, null);

        assertThat(RunTransitions.between(null, first, NOW)).containsExactly(new RunFinished(RunPhase.Cancelled));
        assertThat(RunTransitions.between(first, null, NOW)).isEmpty();
    }
}
