package io.polycrate.operator.workflow;

import java.time.Duration;
import java.util.List;

import io.polycrate.operator.api.v1alpha1.WorkflowRunStatus;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.events.EventType;

/**
 * What the decider decided: the status the run should have, the Jobs to create or delete once that status is
 * written, the events to emit after that, and when to look again if nothing else triggers it.
 *
 * @param planToFreeze the plan the decider made for the run now, null when it made none; the decision holds only
 *        if the plan store freezes it: freeze it first, then decide again with what the store answered
 */
public record Decision(WorkflowRunStatus status, PlanOutcome.Planned planToFreeze, List<JobAction> jobActions,
        List<RunEvent> events, Duration requeueAfter) {

    /** This decision, on condition that {@code planned} is frozen first. */
    Decision freezing(PlanOutcome.Planned planned) {
        return new Decision(status, planned, jobActions, events, requeueAfter);
    }

    /** A change to a step's Job. */
    public sealed interface JobAction {
    }

    /** Create the Job of the plan's step at {@code position}, for transaction {@code transaction}. */
    public record CreateJob(int position, String jobName, String transaction) implements JobAction {
    }

    /**
     * Create the run's artifacts PersistentVolumeClaim from the plan (before the Job that follows this action); one
     * of the run's that exists counts as created.
     */
    public record CreateArtifactsClaim(String claimName) implements JobAction {
    }

    /** Delete a step's Job and its pods. */
    public record DeleteJob(String jobName) implements JobAction {
    }

    /** A Kubernetes Event on the run. */
    public record RunEvent(EventType type, EventReason reason, String message) {
        public static RunEvent normal(EventReason reason, String message) {
            return new RunEvent(EventType.Normal, reason, message);
        }

        public static RunEvent warning(EventReason reason, String message) {
            return new RunEvent(EventType.Warning, reason, message);
        }
    }
}
