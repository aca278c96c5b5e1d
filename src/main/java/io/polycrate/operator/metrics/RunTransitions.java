package io.polycrate.operator.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.api.v1alpha1.WaitingPrompt;
import io.polycrate.operator.api.v1alpha1.WorkflowRunStatus;
import io.polycrate.operator.status.Timestamps;

/**
 * What happened between two statuses of one run, as the operator's metrics count it: steps that started,
 * steps that finished (with how long they ran), a prompt that stopped waiting (with how long it waited) and a
 * run that finished. Pure: the reconciler feeds it the status before and after each write.
 */
public final class RunTransitions {
    /** A step whose Job was started. */
    public record StepStarted() {
    }

    /** A step that ended in {@code phase}; {@code ran} is null when it never ran (rejected, skipped). */
    public record StepFinished(StepPhase phase, Duration ran) {
    }

    /** The outcome of a prompt answered while its run goes on. */
    public static final String ANSWERED = "Answered";

    /** A prompt that stopped waiting, after {@code waited}; {@code outcome}: {@link #ANSWERED}, or the phase the run ended in. */
    public record PromptAnswered(String outcome, Duration waited) {
    }

    /** A run that finished in {@code phase}. */
    public record RunFinished(RunPhase phase) {
    }

    private RunTransitions() {
    }

    public static List<Object> between(WorkflowRunStatus before, WorkflowRunStatus after, Instant now) {
        List<Object> seen = new ArrayList<>();
        if (after == null) {
            return seen;
        }
        List<StepStatus> old = before == null ? List.of() : before.getSteps();
        for (int i = 0; i < after.getSteps().size(); i++) {
            StepStatus step = after.getSteps().get(i);
            StepStatus was = i < old.size() ? old.get(i) : null;
            if (step.getJob() != null && (was == null || was.getJob() == null)) {
                seen.add(new StepStarted());
            }
            boolean finishedNow = step.getPhase() != null && step.getPhase().isFinished();
            boolean finishedBefore = was != null && was.getPhase() != null && was.getPhase().isFinished();
            if (finishedNow && !finishedBefore) {
                seen.add(new StepFinished(step.getPhase(), ran(step, now)));
            }
        }
        WaitingPrompt waiting = before == null ? null : before.getPrompt();
        if (waiting != null && (after.getPrompt() == null || !Objects.equals(waiting.getId(), after.getPrompt().getId()))) {
            Instant since = Timestamps.parse(waiting.getSince());
            RunPhase phase = after.getPhase();
            String outcome = phase != null && phase.isFinished() ? phase.name() : ANSWERED;
            seen.add(new PromptAnswered(outcome, since == null ? null : nonNegative(Duration.between(since, now))));
        }
        RunPhase was = before == null ? null : before.getPhase();
        if (after.getPhase() != null && after.getPhase().isFinished() && (was == null || !was.isFinished())) {
            seen.add(new RunFinished(after.getPhase()));
        }
        return seen;
    }

    private static Duration ran(StepStatus step, Instant now) {
        Instant start = Timestamps.parse(step.getStartTime());
        if (start == null || step.getJob() == null) {
            return null;
        }
        Instant end = Timestamps.parse(step.getCompletionTime());
        return nonNegative(Duration.between(start, end == null ? now : end));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
