package io.polycrate.operator.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.polycrate.operator.api.v1alpha1.RunConditions;
import io.polycrate.operator.api.v1alpha1.RunConditions.Reason;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunStatus;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.events.EventType;
import io.polycrate.operator.json.Json;
import io.polycrate.operator.status.ConditionStatus;
import io.polycrate.operator.status.Conditions;
import io.polycrate.operator.status.Timestamps;
import io.polycrate.operator.workflow.Decision.DeleteJob;
import io.polycrate.operator.workflow.Decision.JobAction;
import io.polycrate.operator.workflow.Decision.RunEvent;

/** One decision in the making: a copy of the run's status being changed, and what to do once it is written. */
final class Transition {
    final WorkflowRun run;
    final Instant now;
    final WorkflowRunStatus status;
    final List<JobAction> jobActions = new ArrayList<>();
    final List<RunEvent> events = new ArrayList<>();
    /** Bound of the CompletedWithFailures message. */
    static final int MAX_FAILURES_MESSAGE = 1024;

    /** Why the current step cannot start yet, for status.message; null when nothing blocks it. */
    String waitingNote;
    /** Where in status.steps this run's steps begin: at spec.fromStep's step, else 0. */
    private int firstOfThisRun;

    Transition(WorkflowRun run, Instant now) {
        this.run = run;
        this.now = now;
        this.status = run.getStatus() == null ? new WorkflowRunStatus() : Json.SERIALIZATION.clone(run.getStatus());
        if (status.getPhase() == null || !status.getPhase().isFinished()) {
            status.setObservedGeneration(run.getMetadata().getGeneration());
        }
        // deciding means the operator reaches the run again: an earlier reconcile error is over
        Conditions.find(status.getConditions(), RunConditions.RECONCILE_ERROR)
                .filter(c -> ConditionStatus.True.is(c.getStatus()))
                .ifPresent(c -> condition(RunConditions.RECONCILE_ERROR, ConditionStatus.False,
                        RunConditions.ErrorReason.Recovered.name(), ""));
        // before the plan is known (or when it is lost): spec.fromStep cannot change, and status names the plan's steps
        String fromStep = run.getSpec() == null ? null : run.getSpec().getFromStep();
        for (int p = 0; fromStep != null && p < status.getSteps().size(); p++) {
            if (fromStep.equals(status.getSteps().get(p).getName())) {
                firstOfThisRun = p;
                break;
            }
        }
    }

    boolean finished() {
        return status.getPhase() != null && status.getPhase().isFinished();
    }

    Decision decision(Duration requeue) {
        return new Decision(status, null, jobActions, events, requeue);
    }

    /**
     * Records the plan's steps in status, once: the run is Running from now on. Steps before spec.fromStep are
     * recorded Skipped, with no transaction and no Job.
     */
    void start(RunPlan plan) {
        firstOfThisRun = plan.startPosition();
        if (status.getPhase() != null && !status.getSteps().isEmpty()) {
            return;
        }
        status.setPhase(RunPhase.Running);
        status.setStartTime(Timestamps.format(now));
        status.setWorkspaceGeneration(plan.workspaceGeneration());
        List<StepStatus> steps = new ArrayList<>();
        String firstToRun = plan.steps().get(plan.startPosition()).name();
        for (PlannedStep step : plan.steps()) {
            StepStatus recorded = new StepStatus(step.name(), step.block(), step.action());
            if (step.position() < plan.startPosition()) {
                // no transaction, no Job: the step is not part of this run
                recorded.setPhase(StepPhase.Skipped);
                recorded.setMessage("Skipped: this run starts at step '" + firstToRun + "' (spec.fromStep)");
            }
            steps.add(recorded);
        }
        status.setSteps(steps);
        setSucceeded(ConditionStatus.Unknown, Reason.Running, "Running");
        String what = plan.workflow() != null ? "workflow '" + plan.workflow() + "'"
                : "action '" + plan.steps().get(0).action() + "' of block '" + plan.steps().get(0).block() + "'";
        int running = plan.runSteps().size();
        events.add(RunEvent.normal(EventReason.RunStarted, "Running " + what + " of workspace '"
                + plan.workspace() + "' (generation " + plan.workspaceGeneration() + "): "
                + (plan.startPosition() == 0 ? running + (running == 1 ? " step" : " steps")
                        : running + " of " + plan.steps().size() + " steps, from step '" + firstToRun
                                + "' (spec.fromStep)")));
    }

    /**
     * Ends the run Succeeded: all its steps are done. If some failed or were rejected (allowFailure), its reason is
     * CompletedWithFailures and its Succeeded condition False: only a clean success satisfies it.
     */
    void succeed(RunPlan plan) {
        List<StepStatus> failed = status.getSteps().stream().filter(s -> s.getPhase().isFailure()).toList();
        if (failed.isEmpty()) {
            int ran = plan.runSteps().size();
            String from = plan.startPosition() == 0 ? ""
                    : " from step '" + plan.runSteps().get(0).name() + "' (spec.fromStep)";
            finish(RunPhase.Succeeded, ConditionStatus.True, Reason.Succeeded, "All " + ran
                    + (ran == 1 ? " step" : " steps") + from + " succeeded", EventType.Normal, EventReason.RunSucceeded);
        } else {
            finish(RunPhase.Succeeded, ConditionStatus.False, Reason.CompletedWithFailures, withFailures(failed),
                    EventType.Normal, EventReason.RunSucceeded);
        }
    }

    /**
     * "Completed with failures (allowFailure): " and each failed step with its transaction and the last line of its
     * message (its output, or why it failed); at most {@link #MAX_FAILURES_MESSAGE} characters, the steps left out
     * counted.
     */
    private static String withFailures(List<StepStatus> failed) {
        StringBuilder message = new StringBuilder("Completed with failures (allowFailure): ");
        for (int i = 0; i < failed.size(); i++) {
            StepStatus step = failed.get(i);
            String last = OutputTail.lastLine(step.getMessage());
            String entry = (i == 0 ? "" : "; ") + "step '" + step.getName() + "' "
                    + step.getPhase().name().toLowerCase() + " (transaction " + step.getTransaction() + ")"
                    + (last == null ? "" : ": " + last);
            String more = "; and " + (failed.size() - i) + " more";
            if (message.length() + entry.length() + more.length() > MAX_FAILURES_MESSAGE) {
                return message.append(more).toString();
            }
            message.append(entry);
        }
        return message.toString();
    }

    /** Ends the run Failed, with this reason and message. */
    void fail(Reason reason, String message) {
        finish(RunPhase.Failed, ConditionStatus.False, reason, message, EventType.Warning, EventReason.RunFailed);
    }

    /** Ends the run Cancelled: steps begun are cancelled (their Jobs deleted), the others skipped. */
    void cancel() {
        for (StepStatus step : status.getSteps()) {
            if (step.getPhase().isFinished()) {
                continue;
            }
            if (step.getJob() != null || step.getPhase() == StepPhase.AwaitingApproval) {
                if (step.getJob() != null) {
                    jobActions.add(new DeleteJob(step.getJob()));
                }
                step.setPhase(StepPhase.Cancelled);
                step.setCompletionTime(Timestamps.format(now));
                step.setMessage("Cancelled by spec.cancel");
            } else {
                step.setPhase(StepPhase.Skipped);
            }
        }
        cancelled("Cancelled by spec.cancel");
    }

    /** Ends the run Cancelled with this message. */
    void cancelled(String message) {
        finish(RunPhase.Cancelled, ConditionStatus.False, Reason.Cancelled, message, EventType.Normal,
                EventReason.RunCancelled);
    }

    private void finish(RunPhase phase, ConditionStatus succeeded, Reason reason, String message,
            EventType type, EventReason event) {
        clearPrompt();
        status.setPhase(phase);
        status.setMessage(message);
        status.setCompletionTime(Timestamps.format(now));
        setSucceeded(succeeded, reason, message);
        summarize();
        events.add(new RunEvent(type, event, message));
    }

    void skipRemaining() {
        status.getSteps().stream().filter(s -> !s.getPhase().isFinished())
                .forEach(s -> s.setPhase(StepPhase.Skipped));
    }

    /** No prompt waits any more: the AwaitingApproval condition (if the run had one) says so. */
    void clearPrompt() {
        status.setPrompt(null);
        if (Conditions.find(status.getConditions(), RunConditions.AWAITING_APPROVAL).isPresent()) {
            condition(RunConditions.AWAITING_APPROVAL, ConditionStatus.False,
                    RunConditions.PromptReason.NoPromptWaiting.name(), "");
        }
        if (status.getPhase() == RunPhase.AwaitingApproval) {
            status.setPhase(RunPhase.Running);
            setSucceeded(ConditionStatus.Unknown, Reason.Running, "Running");
        }
    }

    /**
     * Progress, current step and the running message, derived from the steps. Progress counts the steps of this
     * run: not those before spec.fromStep.
     */
    void summarize() {
        List<StepStatus> steps = status.getSteps();
        List<StepStatus> ofThisRun = steps.subList(Math.min(firstOfThisRun, steps.size()), steps.size());
        // a skipped or cancelled step did not run to its end: it is not done
        long done = ofThisRun.stream().filter(s -> s.getPhase().isFinished()
                && s.getPhase() != StepPhase.Skipped && s.getPhase() != StepPhase.Cancelled).count();
        status.setProgress(done + "/" + ofThisRun.size());
        steps.stream().filter(s -> !s.getPhase().isFinished()).findFirst()
                .or(() -> steps.stream().filter(s -> s.getTransaction() != null).reduce((a, b) -> b))
                .ifPresent(s -> status.setCurrentStep(s.getName()));
        if (!finished() && status.getPhase() == RunPhase.Running) {
            StepStatus current = steps.stream().filter(s -> !s.getPhase().isFinished()).findFirst().orElse(null);
            if (waitingNote != null) {
                status.setMessage(waitingNote);
            } else if (current != null) {
                status.setMessage("Step '" + current.getName() + "' " + (current.getPhase() == StepPhase.Running
                        ? "is running" : "is starting") + " (transaction " + current.getTransaction() + ")");
            }
        }
    }

    /**
     * Sets the Succeeded condition (Unknown while the run goes on, True or False once it ended) and with it the
     * Finished condition, which follows it: False while Succeeded is Unknown, True once the run ended, with the same
     * reason and message, so the two never disagree.
     */
    void setSucceeded(ConditionStatus value, Reason reason, String message) {
        condition(RunConditions.SUCCEEDED, value, reason.name(), message);
        condition(RunConditions.FINISHED, value == ConditionStatus.Unknown ? ConditionStatus.False
                : ConditionStatus.True, reason.name(), message);
    }

    void condition(String type, ConditionStatus value, String reason, String message) {
        Conditions.set(status.getConditions(), type, value, reason, message, run.getMetadata().getGeneration(), now);
    }
}
