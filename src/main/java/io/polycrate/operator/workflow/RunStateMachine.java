package io.polycrate.operator.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.polycrate.operator.api.v1alpha1.RunConditions.Reason;
import io.polycrate.operator.api.v1alpha1.RunConditions;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.naming.KubernetesNames;
import io.polycrate.operator.status.ConditionStatus;
import io.polycrate.operator.status.Conditions;
import io.polycrate.operator.status.Timestamps;
import io.polycrate.operator.workflow.Decision.DeleteJob;
import io.polycrate.operator.workflow.Decision.RunEvent;

/**
 * The one decider: what should happen next to a run, a pure function of {@link RunInput} (the run, what the plan
 * store holds, its Workspace, the run ahead in its queue, the observed Jobs, the prompt answers, the clock). No
 * I/O. Before the run has a plan it waits, queues, fails or plans it (the plan to freeze is part of the decision);
 * with a plan, {@link StepProgress} moves it step by step. The reconciler writes the decided status first and only
 * then creates or deletes Jobs and emits events, so a transaction is always recorded before its Job exists.
 */
public final class RunStateMachine {
    /**
     * How often a run looks again for an object of its name that is not its own to be gone (no event tells it: the
     * object may carry none of the operator's labels).
     */
    private static final Duration NAME_CONFLICT_RECHECK = Duration.ofSeconds(5);
    /** How often a queued run looks whether the run ahead of it is still there (it may have been deleted). */
    public static final Duration QUEUE_RECHECK = Duration.ofSeconds(10);

    private RunStateMachine() {
    }

    /** Whether the run has begun its steps (its transactions are in status). */
    public static boolean hasStarted(WorkflowRun run) {
        return run.getStatus() != null && !run.getStatus().getSteps().isEmpty();
    }

    /** Whether the run has ended: Succeeded, Failed or Cancelled. Nothing changes it any more. */
    public static boolean hasFinished(WorkflowRun run) {
        return run.getStatus() != null && run.getStatus().getPhase() != null && run.getStatus().getPhase().isFinished();
    }

    public static Decision decide(RunInput in) {
        WorkflowRun run = in.run();
        Instant now = in.now();
        if (hasFinished(run)) {
            return afterFinish(run, in.jobs(), now);
        }
        if (run.getSpec() == null) {
            return planImpossible(run, Reason.InvalidRun,
                    "spec: is required (a WorkflowRun names spec.workspace, and spec.workflow or spec.action)", now);
        }
        String planConfigMap = KubernetesNames.planConfigMapName(run.getMetadata().getName());
        StoredPlan stored = in.plan();
        if (stored instanceof StoredPlan.Lost) {
            return planImpossible(run, Reason.PlanLost, "The plan ConfigMap " + planConfigMap
                    + " of this run was deleted; the run cannot go on", now);
        }
        if (stored instanceof StoredPlan.Found found) {
            return decideWith(in, found.plan());
        }
        if (hasStarted(run)) {
            String why = stored instanceof StoredPlan.Foreign foreign ? foreign.why() + "; this run's own" : "The";
            return planImpossible(run, Reason.PlanLost, why + " plan ConfigMap " + planConfigMap
                    + " was deleted; the run cannot go on", now);
        }
        if (stored instanceof StoredPlan.Foreign foreign) {
            return nameConflict(run, foreign.why(), in.settings().waitTimeout(), now);
        }
        if (stored instanceof StoredPlan.Refused refused) {
            return planImpossible(run, refused.reason(), refused.message(), now);
        }
        if (run.getSpec().cancelRequested()) {
            return cancelBeforePlan(run, now);
        }
        if (in.ahead() != null) {
            return queued(run, in.ahead().getMetadata().getName(), now);
        }
        PlanOutcome outcome = PlanResolver.resolve(run, in.workspace(), in.settings().defaultImage());
        if (outcome instanceof PlanOutcome.Impossible impossible) {
            return impossible.reason() == Reason.WorkspaceNotFound
                    ? workspaceMissing(run, impossible.message(), in.settings().waitTimeout(), now)
                    : planImpossible(run, impossible.reason(), impossible.message(), now);
        }
        PlanOutcome.Planned planned = (PlanOutcome.Planned) outcome;
        return decideWith(in, planned.plan()).freezing(planned);
    }

    /** A run with a plan: start it, note stray answers, cancel it or move it forward. */
    private static Decision decideWith(RunInput in, RunPlan plan) {
        Transition t = new Transition(in.run(), in.now());
        t.start(plan);
        PromptGate prompts = new PromptGate(t, plan, in.answers());
        prompts.listPromptIds();
        prompts.noteIgnoredAnswers();
        if (in.run().getSpec().cancelRequested()) {
            t.cancel();
            return t.decision(null);
        }
        Duration requeue = new StepProgress(t, plan, prompts, in).advance();
        t.summarize();
        return t.decision(requeue);
    }

    /** The run cannot have a plan (its workspace, workflow, step or action is missing or invalid), or lost it. */
    private static Decision planImpossible(WorkflowRun run, Reason reason, String message, Instant now) {
        Transition t = new Transition(run, now);
        t.status.setStartTime(Optional.ofNullable(t.status.getStartTime()).orElse(Timestamps.format(now)));
        for (StepStatus step : t.status.getSteps()) {
            if (step.getPhase() == StepPhase.Running) {
                // its Job is deleted once the run has ended (afterFinish)
                step.setPhase(StepPhase.Failed);
                step.setCompletionTime(Timestamps.format(now));
                step.setMessage(message);
            }
        }
        t.skipRemaining();
        t.fail(reason, message);
        return t.decision(null);
    }

    /**
     * The run waits, still Pending, for something outside it (its Workspace to be created, an object of its name
     * that is not its own to go away); looks again after {@code recheck}. One event when it starts waiting for it.
     */
    private static Decision waiting(WorkflowRun run, Reason reason, String message, Duration recheck, Instant now) {
        Transition t = new Transition(run, now);
        boolean newlyWaiting = Conditions.find(t.status.getConditions(), RunConditions.SUCCEEDED)
                .map(c -> !reason.name().equals(c.getReason())).orElse(true);
        t.status.setPhase(RunPhase.Pending);
        t.status.setMessage(message);
        t.setSucceeded(ConditionStatus.Unknown, reason, message);
        if (newlyWaiting) {
            t.events.add(reason == Reason.NameConflict ? RunEvent.warning(EventReason.NameConflict, message)
                    : RunEvent.normal(EventReason.RunWaiting, message));
        }
        return t.decision(recheck);
    }

    /**
     * A run that has ended: what still has to be done is to delete any of its Jobs that still runs (a cancel or an
     * image-pull give-up whose delete failed, a plan lost mid-step). Repeated until no such Job is left.
     */
    private static Decision afterFinish(WorkflowRun run, Map<String, JobObservation> jobs, Instant now) {
        Transition t = new Transition(run, now);
        addFinishedCondition(t);
        for (StepStatus step : t.status.getSteps()) {
            JobObservation job = step.getJob() == null ? null : jobs.get(step.getJob());
            if (job != null && job.belongsTo(step.getTransaction()) && job.state() == JobObservation.State.Active
                    && !job.deleting()) {
                t.jobActions.add(new DeleteJob(step.getJob()));
            }
        }
        return t.decision(null);
    }

    /**
     * A run that ended before the Finished condition existed gets it from its Succeeded condition (and a run that
     * ended CompletedWithFailures its Succeeded condition False), as of its completion time: kubectl wait
     * --for=condition=Finished then returns for it too. Once; nothing else of an ended run changes.
     */
    private static void addFinishedCondition(Transition t) {
        if (Conditions.find(t.status.getConditions(), RunConditions.FINISHED).isPresent()) {
            return;
        }
        Conditions.find(t.status.getConditions(), RunConditions.SUCCEEDED).ifPresent(succeeded -> {
            Instant ended = Optional.ofNullable(Timestamps.parse(t.status.getCompletionTime())).orElse(t.now);
            Long generation = succeeded.getObservedGeneration();
            if (Reason.CompletedWithFailures.name().equals(succeeded.getReason())) {
                Conditions.set(t.status.getConditions(), RunConditions.SUCCEEDED, ConditionStatus.False,
                        succeeded.getReason(), succeeded.getMessage(), generation, ended);
            }
            Conditions.set(t.status.getConditions(), RunConditions.FINISHED, ConditionStatus.True,
                    succeeded.getReason(), succeeded.getMessage(), generation, ended);
        });
    }

    /**
     * The run's Workspace does not exist (yet; GitOps tools apply in no set order): it waits until the wait timeout,
     * counted from its creation, then fails with {@code missing} (which names spec.workspace). The workspaces
     * informer wakes it when the Workspace appears; the requeue is the deadline.
     */
    private static Decision workspaceMissing(WorkflowRun run, String missing, Duration waitTimeout, Instant now) {
        Instant deadline = waitDeadline(run, waitTimeout, now);
        if (!now.isBefore(deadline)) {
            return planImpossible(run, Reason.WorkspaceNotFound, missing + " (waited " + waitTimeout.toSeconds()
                    + "s for it to be created)", now);
        }
        return waiting(run, Reason.WaitingForWorkspace, "Waiting for Workspace \"" + run.getSpec().getWorkspace()
                + "\" (spec.workspace) in namespace \"" + run.getMetadata().getNamespace() + "\" to be created; the "
                + "run fails if it does not exist by " + Timestamps.format(deadline), Duration.between(now, deadline),
                now);
    }

    /**
     * An object of the run's plan ConfigMap's name is not the run's ({@code why} says which and whose): the run
     * waits until the wait timeout for it to go, then fails.
     */
    private static Decision nameConflict(WorkflowRun run, String why, Duration waitTimeout, Instant now) {
        Instant deadline = waitDeadline(run, waitTimeout, now);
        if (!now.isBefore(deadline)) {
            return planImpossible(run, Reason.NameConflict, why + "; delete it, or create the run under another name",
                    now);
        }
        return waiting(run, Reason.NameConflict, why + "; waiting until " + Timestamps.format(deadline)
                + " for it to be deleted", nameConflictRecheck(deadline, now), now);
    }

    static Duration nameConflictRecheck(Instant deadline, Instant now) {
        Duration left = Duration.between(now, deadline);
        return left.compareTo(NAME_CONFLICT_RECHECK) < 0 ? left : NAME_CONFLICT_RECHECK;
    }

    /** The deadline of a run's waits for what it needs: its creation plus the wait timeout. */
    static Instant waitDeadline(WorkflowRun run, Duration waitTimeout, Instant now) {
        Instant created = Timestamps.parse(run.getMetadata().getCreationTimestamp());
        return (created == null ? now : created).plus(waitTimeout);
    }

    /** The run waits for {@code ahead}: its workspace runs one run at a time. */
    private static Decision queued(WorkflowRun run, String ahead, Instant now) {
        Transition t = new Transition(run, now);
        String message = "Queued behind run '" + ahead + "': workspace '" + run.getSpec().getWorkspace()
                + "' runs one run at a time (concurrency: Serial)";
        boolean newlyQueued = t.status.getPhase() == null;
        t.status.setPhase(RunPhase.Pending);
        t.status.setMessage(message);
        t.setSucceeded(ConditionStatus.Unknown, Reason.Pending, message);
        if (newlyQueued) {
            t.events.add(RunEvent.normal(EventReason.RunQueued, message));
        }
        // the run ahead finishing wakes it at once; nothing tells it of the run ahead being deleted
        return t.decision(QUEUE_RECHECK);
    }

    /** The run was cancelled before it had a plan. */
    private static Decision cancelBeforePlan(WorkflowRun run, Instant now) {
        Transition t = new Transition(run, now);
        t.cancelled("Cancelled by spec.cancel before any step ran");
        return t.decision(null);
    }
}
