package io.polycrate.operator.workflow;

import java.time.Duration;
import java.time.Instant;

import io.polycrate.operator.api.v1alpha1.RunConditions.Reason;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.naming.KubernetesNames;
import io.polycrate.operator.status.Timestamps;
import io.polycrate.operator.workflow.Decision.CreateJob;
import io.polycrate.operator.workflow.Decision.DeleteJob;
import io.polycrate.operator.workflow.Decision.RunEvent;

/**
 * Moves a run with a plan forward step by step: a step's transaction is recorded before its Job is asked for,
 * its prompts are passed first, and its Job's observed outcome ends it.
 */
final class StepProgress {
    private final Transition t;
    private final RunPlan plan;
    private final PromptGate prompts;
    private final RunInput in;
    private final Instant now;
    private final ArtifactsGate artifacts;

    StepProgress(Transition t, RunPlan plan, PromptGate prompts, RunInput in) {
        this.t = t;
        this.plan = plan;
        this.prompts = prompts;
        this.in = in;
        this.now = t.now;
        this.artifacts = new ArtifactsGate(t, plan, in);
    }

    /** Moves the run forward as far as the observations allow; returns when to look again, if needed. */
    Duration advance() {
        for (int p = 0; p < plan.steps().size(); p++) {
            StepStatus step = t.status.getSteps().get(p);
            PlannedStep planned = plan.steps().get(p);
            if (step.getPhase().isFinished()) {
                continue;
            }
            if (step.getJob() == null) {
                if (step.getTransaction() == null) {
                    step.setTransaction(in.newTransactionId().get());
                }
                PromptGate.Verdict verdict = prompts.answer(p);
                if (verdict instanceof PromptGate.Verdict.Waiting waiting) {
                    return waiting.recheckAfter();
                }
                if (verdict instanceof PromptGate.Verdict.Rejected rejected) {
                    if (prompts.reject(p, rejected)) {
                        continue;
                    }
                    return null;
                }
                t.clearPrompt();
                String jobName = KubernetesNames.jobName(t.run.getMetadata().getName(), planned.index(),
                        planned.name());
                step.setJob(jobName);
                step.setPhase(StepPhase.Pending);
                return createJob(p, step);
            }
            JobObservation job = in.jobs().get(step.getJob());
            if (job != null && job.state() == JobObservation.State.Rejected) {
                // never created: the step fails without having started
                if (failStep(step, null, job.failure(), null)) {
                    continue;
                }
                return null;
            }
            if (job != null && !job.belongsTo(step.getTransaction())) {
                if (step.getPhase() != StepPhase.Pending) {
                    job = null; // the step's own Job is gone; what has its name now is not the step's
                } else {
                    String why = job.whyForeign(step.getTransaction());
                    Instant deadline = RunStateMachine.waitDeadline(t.run, in.settings().waitTimeout(), now);
                    if (now.isBefore(deadline)) {
                        t.waitingNote = "Step '" + step.getName() + "' waits: " + why
                                + "; it is never taken as the step's. Waiting until " + Timestamps.format(deadline)
                                + " for it to be deleted";
                        if (!t.waitingNote.equals(t.status.getMessage())) {
                            t.events.add(RunEvent.warning(EventReason.NameConflict, t.waitingNote));
                        }
                        return RunStateMachine.nameConflictRecheck(deadline, now);
                    }
                    if (failStep(step, null, why + "; delete it, or create the run under another name", null)) {
                        continue;
                    }
                    return null;
                }
            }
            if (step.getPhase() == StepPhase.Pending) {
                if (job == null) {
                    // written ahead but not (yet) seen: create again; "already exists" counts as success
                    return createJob(p, step);
                }
                step.setPhase(StepPhase.Running);
                step.setStartTime(Timestamps.format(job.createdAt() != null ? job.createdAt() : now));
                t.events.add(RunEvent.normal(EventReason.StepStarted, "Step '" + step.getName()
                        + "' started: Job " + step.getJob() + " (transaction " + step.getTransaction() + ")"));
            }
            if (job == null) {
                if (failStep(step, null, "Job " + step.getJob() + " was deleted before it finished", null)) {
                    continue;
                }
                return null;
            }
            switch (job.state()) {
                case Succeeded -> {
                    step.setPhase(StepPhase.Succeeded);
                    step.setExitCode(job.exitCode());
                    step.setShell(job.shell());
                    step.setMessage(job.output() == null || job.output().isEmpty() ? null : job.output());
                    step.setCompletionTime(Timestamps.format(job.finishedAt() != null ? job.finishedAt() : now));
                    t.events.add(RunEvent.normal(EventReason.StepSucceeded, "Step '" + step.getName()
                            + "' succeeded (transaction " + step.getTransaction() + ")"));
                    continue;
                }
                case Failed -> {
                    step.setShell(job.shell());
                    if (failStep(step, job.exitCode(), job.failure(), job.output())) {
                        continue;
                    }
                    return null;
                }
                default -> {
                    JobObservation.ImagePullTrouble pull = job.imagePull();
                    if (pull == null && !job.hasPod()) {
                        // the Job controller may be unable to create the pod (admission refused it): its pod, or the
                        // Job controller's FailedCreate event saying why not, wakes the run
                        if (job.podCreateFailure() == null) {
                            return null;
                        }
                        Instant since = job.createdAt() == null ? now : job.createdAt();
                        Instant deadline = since.plus(in.settings().imagePullGrace());
                        if (now.isBefore(deadline)) {
                            return Duration.between(now, deadline);
                        }
                        t.jobActions.add(new DeleteJob(step.getJob()));
                        if (failStep(step, null, "the step's pod cannot be created: " + job.podCreateFailure(),
                                null)) {
                            continue;
                        }
                        return null;
                    }
                    if (pull == null) {
                        return null;
                    }
                    Instant deadline = (pull.since() == null ? now : pull.since())
                            .plus(in.settings().imagePullGrace());
                    if (!pull.permanent() && now.isBefore(deadline)) {
                        return Duration.between(now, deadline);
                    }
                    t.jobActions.add(new DeleteJob(step.getJob()));
                    String detail = (pull.creating() ? "the step's container cannot be created: "
                            : "image " + planned.image() + " cannot be pulled: ") + pull.reason()
                            + (pull.detail() == null ? "" : ": " + pull.detail());
                    if (failStep(step, null, detail, null)) {
                        continue;
                    }
                    return null;
                }
            }
        }
        t.succeed(plan);
        return null;
    }

    /** Asks for the step's Job, once the run's artifacts volume allows it; returns when to look again. */
    private Duration createJob(int p, StepStatus step) {
        ArtifactsGate.Verdict volume = artifacts.beforeJob(p, step);
        if (volume instanceof ArtifactsGate.Wait wait) {
            return wait.recheck();
        }
        if (volume instanceof ArtifactsGate.Go) {
            t.jobActions.add(new CreateJob(p, step.getJob(), step.getTransaction()));
        }
        return null;
    }

    /**
     * Marks a step failed; returns true when the workflow goes on (allowFailure). The step's message is its output
     * tail if it left one, else the reason; the run's message names the step, its transaction and the reason, and
     * the output's last line, where the error usually is.
     */
    private boolean failStep(StepStatus step, Integer exitCode, String reason, String output) {
        step.setPhase(StepPhase.Failed);
        step.setExitCode(exitCode);
        step.setCompletionTime(Timestamps.format(now));
        boolean hasOutput = output != null && !output.isBlank();
        step.setMessage(hasOutput ? output : reason);
        String last = hasOutput ? OutputTail.lastLine(output) : null;
        String message = "Step '" + step.getName() + "' failed (transaction " + step.getTransaction() + "): "
                + reason + (last == null || last.equals(reason) ? "" : ": " + last);
        t.events.add(RunEvent.warning(EventReason.StepFailed, message));
        if (plan.allowFailure()) {
            return true;
        }
        t.skipRemaining();
        t.fail(Reason.StepFailed, message);
        return false;
    }
}
