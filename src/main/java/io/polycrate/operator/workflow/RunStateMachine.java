package io.polycrate.operator.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.polycrate.operator.api.v1alpha1.PromptApproval;
import io.polycrate.operator.api.v1alpha1.RunConditions;
import io.polycrate.operator.api.v1alpha1.RunConditions.Reason;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.api.v1alpha1.WaitingPrompt;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunStatus;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.job.KubernetesNames;
import io.polycrate.operator.status.Conditions;
import io.polycrate.operator.status.Timestamps;
import io.polycrate.operator.workflow.Decision.CreateJob;
import io.polycrate.operator.workflow.Decision.DeleteJob;
import io.polycrate.operator.workflow.Decision.JobAction;
import io.polycrate.operator.workflow.Decision.RunEvent;

/**
 * What should happen next to a run: a pure function of the run, its frozen plan, the observed Jobs, the prompt
 * answers and the clock. No I/O. The reconciler writes the decided status first and only then creates or
 * deletes Jobs and emits events, so a transaction is always recorded before its Job exists.
 */
public final class RunStateMachine {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /**
     * How often a run looks again for an object of its name that is not its own to be gone (no event tells it: the
     * object may carry none of the operator's labels).
     */
    private static final Duration NAME_CONFLICT_RECHECK = Duration.ofSeconds(5);
    /** How often a run looks at a step Job that has no pod yet (the Job controller may be refused its pod). */
    public static final Duration POD_RECHECK = Duration.ofSeconds(5);
    /** How many ignored prompt ids an ApprovalIgnored event names. */
    private static final int IGNORED_IDS_SHOWN = 10;

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

    /** The run cannot have a plan (its workspace, workflow, step or action is missing or invalid). */
    public static Decision planImpossible(WorkflowRun run, Reason reason, String message, Instant now) {
        Transition t = new Transition(run, null, now);
        if (t.finished()) {
            return t.decision(null);
        }
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
        t.finish(RunPhase.Failed, "False", reason, message, EventReason.RunFailed, true);
        return t.decision(null);
    }

    /**
     * The run waits, still Pending, for something outside it (its Workspace to be created, an object of its name
     * that is not its own to go away); looks again after {@code recheck}. One event when it starts waiting for it.
     */
    public static Decision waiting(WorkflowRun run, Reason reason, String message, Duration recheck, Instant now) {
        Transition t = new Transition(run, null, now);
        if (t.finished()) {
            return t.decision(null);
        }
        boolean newlyWaiting = Conditions.find(t.status.getConditions(), RunConditions.SUCCEEDED)
                .map(c -> !reason.name().equals(c.getReason())).orElse(true);
        t.status.setPhase(RunPhase.Pending);
        t.status.setMessage(message);
        Conditions.set(t.status.getConditions(), RunConditions.SUCCEEDED, "Unknown", reason.name(), message,
                run.getMetadata().getGeneration(), now);
        if (newlyWaiting) {
            t.events.add(new RunEvent(reason == Reason.NameConflict, reason == Reason.NameConflict
                    ? EventReason.NameConflict : EventReason.RunWaiting, message));
        }
        return t.decision(recheck);
    }

    /**
     * A run that has ended: what still has to be done is to delete any of its Jobs that still runs (a cancel or an
     * image-pull give-up whose delete failed, a plan lost mid-step). Repeated until no such Job is left.
     */
    public static Decision afterFinish(WorkflowRun run, Map<String, JobObservation> jobs, Instant now) {
        Transition t = new Transition(run, null, now);
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
     * The run's Workspace does not exist (yet; GitOps tools apply in no set order): it waits until the wait timeout,
     * counted from its creation, then fails with {@code missing} (which names spec.workspace). The workspaces
     * informer wakes it when the Workspace appears; the requeue is the deadline.
     */
    public static Decision workspaceMissing(WorkflowRun run, String missing, Duration waitTimeout, Instant now) {
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
    public static Decision nameConflict(WorkflowRun run, String why, Duration waitTimeout, Instant now) {
        Instant deadline = waitDeadline(run, waitTimeout, now);
        if (!now.isBefore(deadline)) {
            return planImpossible(run, Reason.NameConflict, why + "; delete it, or create the run under another name",
                    now);
        }
        return waiting(run, Reason.NameConflict, why + "; waiting until " + Timestamps.format(deadline)
                + " for it to be deleted", nameConflictRecheck(deadline, now), now);
    }

    private static Duration nameConflictRecheck(Instant deadline, Instant now) {
        Duration left = Duration.between(now, deadline);
        return left.compareTo(NAME_CONFLICT_RECHECK) < 0 ? left : NAME_CONFLICT_RECHECK;
    }

    /** The deadline of a run's waits for what it needs: its creation plus the wait timeout. */
    public static Instant waitDeadline(WorkflowRun run, Duration waitTimeout, Instant now) {
        Instant created = Timestamps.parse(run.getMetadata().getCreationTimestamp());
        return (created == null ? now : created).plus(waitTimeout);
    }

    /** The run waits for {@code ahead}: its workspace runs one run at a time. */
    public static Decision queued(WorkflowRun run, String ahead, Instant now) {
        Transition t = new Transition(run, null, now);
        if (t.finished()) {
            return t.decision(null);
        }
        String message = "Queued behind run '" + ahead + "': workspace '" + run.getSpec().getWorkspace()
                + "' runs one run at a time (concurrency: Serial)";
        boolean newlyQueued = t.status.getPhase() == null;
        t.status.setPhase(RunPhase.Pending);
        t.status.setMessage(message);
        Conditions.set(t.status.getConditions(), RunConditions.SUCCEEDED, "Unknown", Reason.Pending.name(), message,
                run.getMetadata().getGeneration(), now);
        if (newlyQueued) {
            t.events.add(new RunEvent(false, EventReason.RunQueued, message));
        }
        return t.decision(null);
    }

    /** The run was cancelled before it had a plan. */
    public static Decision cancelBeforePlan(WorkflowRun run, Instant now) {
        Transition t = new Transition(run, null, now);
        if (t.finished()) {
            return t.decision(null);
        }
        t.finish(RunPhase.Cancelled, "False", Reason.Cancelled, "Cancelled by spec.cancel before any step ran",
                EventReason.RunCancelled, false);
        return t.decision(null);
    }

    public static Decision decide(RunInput in) {
        Transition t = new Transition(in.run(), in.plan(), in.now());
        if (t.finished()) {
            return t.decision(null);
        }
        t.start();
        t.noteIgnoredAnswers(in.answers());
        if (in.run().getSpec().cancelRequested()) {
            t.cancel();
            return t.decision(null);
        }
        Duration requeue = t.advance(in);
        t.summarize();
        return t.decision(requeue);
    }

    /** One decision in the making: a copy of the status being changed, and what to do after writing it. */
    private static final class Transition {
        private final WorkflowRun run;
        private final RunPlan plan;
        private final Instant now;
        private final WorkflowRunStatus status;
        private final List<JobAction> jobActions = new ArrayList<>();
        private final List<RunEvent> events = new ArrayList<>();
        /** Why the current step cannot start yet, for status.message; null when nothing blocks it. */
        private String waitingNote;

        Transition(WorkflowRun run, RunPlan plan, Instant now) {
            this.run = run;
            this.plan = plan;
            this.now = now;
            this.status = run.getStatus() == null ? new WorkflowRunStatus()
                    : SERIALIZATION.clone(run.getStatus());
            if (status.getPhase() == null || !status.getPhase().isFinished()) {
                status.setObservedGeneration(run.getMetadata().getGeneration());
            }
            // deciding means the operator reaches the run again: an earlier reconcile error is over
            Conditions.find(status.getConditions(), RunConditions.RECONCILE_ERROR)
                    .filter(c -> "True".equals(c.getStatus()))
                    .ifPresent(c -> Conditions.set(status.getConditions(), RunConditions.RECONCILE_ERROR, "False",
                            RunConditions.ErrorReason.Recovered.name(), "", run.getMetadata().getGeneration(), now));
        }

        boolean finished() {
            return status.getPhase() != null && status.getPhase().isFinished();
        }

        Decision decision(Duration requeue) {
            return new Decision(status, jobActions, events, requeue);
        }

        void start() {
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
            setSucceeded("Unknown", Reason.Running, "Running");
            String what = plan.workflow() != null ? "workflow '" + plan.workflow() + "'"
                    : "action '" + plan.steps().get(0).action() + "' of block '" + plan.steps().get(0).block() + "'";
            int running = plan.runSteps().size();
            events.add(new RunEvent(false, EventReason.RunStarted, "Running " + what + " of workspace '"
                    + plan.workspace() + "' (generation " + plan.workspaceGeneration() + "): "
                    + (plan.startPosition() == 0 ? running + (running == 1 ? " step" : " steps")
                            : running + " of " + plan.steps().size() + " steps, from step '" + firstToRun
                                    + "' (spec.fromStep)")));
        }

        void noteIgnoredAnswers(PromptAnswers answers) {
            List<String> known = new ArrayList<>();
            // the prompts of steps skipped by spec.fromStep are never asked
            for (int p = plan.startPosition(); p < plan.steps().size(); p++) {
                prompts(p).forEach(prompt -> known.add(prompt.id()));
            }
            Set<String> ignoredBefore = new HashSet<>(status.getIgnoredPromptIds());
            List<String> ignored = new ArrayList<>();
            for (String id : answers.all()) {
                if (!known.contains(id) && !ignoredBefore.contains(id) && !ignored.contains(id)) {
                    ignored.add(id);
                }
            }
            if (ignored.isEmpty()) {
                return;
            }
            status.getIgnoredPromptIds().addAll(ignored);
            String knownIds = "known ids: " + (known.isEmpty() ? "none" : String.join(", ", known));
            // one event however many: an annotation may carry a thousand typos
            events.add(new RunEvent(true, EventReason.ApprovalIgnored, ignored.size() == 1
                    ? "Prompt id '" + ignored.get(0) + "' names no prompt of this run; " + knownIds
                    : ignored.size() + " prompt ids name no prompt of this run: "
                            + String.join(", ", ignored.subList(0, Math.min(IGNORED_IDS_SHOWN, ignored.size())))
                            + (ignored.size() > IGNORED_IDS_SHOWN ? ", ..." : "") + "; " + knownIds));
        }

        /** Moves the run forward as far as the observations allow; returns when to look again, if needed. */
        Duration advance(RunInput in) {
            for (int p = 0; p < plan.steps().size(); p++) {
                StepStatus step = status.getSteps().get(p);
                PlannedStep planned = plan.steps().get(p);
                if (step.getPhase().isFinished()) {
                    continue;
                }
                if (step.getJob() == null) {
                    if (step.getTransaction() == null) {
                        step.setTransaction(in.newTransactionId().get());
                    }
                    PromptVerdict verdict = answerPrompts(p, in);
                    if (verdict instanceof PromptVerdict.Waiting waiting) {
                        return waiting.recheckAfter();
                    }
                    if (verdict instanceof PromptVerdict.Rejected rejected) {
                        if (rejectPrompt(p, rejected)) {
                            continue;
                        }
                        return null;
                    }
                    clearPrompt();
                    String jobName = KubernetesNames.jobName(run.getMetadata().getName(), planned.index(),
                            planned.name());
                    step.setJob(jobName);
                    step.setPhase(StepPhase.Pending);
                    jobActions.add(new CreateJob(p, jobName, step.getTransaction()));
                    return null;
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
                        Instant deadline = waitDeadline(run, in.waitTimeout(), now);
                        if (now.isBefore(deadline)) {
                            waitingNote = "Step '" + step.getName() + "' waits: " + why
                                    + "; it is never taken as the step's. Waiting until " + Timestamps.format(deadline)
                                    + " for it to be deleted";
                            if (!waitingNote.equals(status.getMessage())) {
                                events.add(new RunEvent(true, EventReason.NameConflict, waitingNote));
                            }
                            return nameConflictRecheck(deadline, now);
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
                        jobActions.add(new CreateJob(p, step.getJob(), step.getTransaction()));
                        return null;
                    }
                    step.setPhase(StepPhase.Running);
                    step.setStartTime(Timestamps.format(job.createdAt() != null ? job.createdAt() : now));
                    events.add(new RunEvent(false, EventReason.StepStarted, "Step '" + step.getName()
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
                        step.setMessage(job.output() == null || job.output().isEmpty() ? null : job.output());
                        step.setCompletionTime(Timestamps.format(job.finishedAt() != null ? job.finishedAt() : now));
                        events.add(new RunEvent(false, EventReason.StepSucceeded, "Step '" + step.getName()
                                + "' succeeded (transaction " + step.getTransaction() + ")"));
                        continue;
                    }
                    case Failed -> {
                        if (failStep(step, job.exitCode(), job.failure(), job.output())) {
                            continue;
                        }
                        return null;
                    }
                    default -> {
                        JobObservation.ImagePullTrouble pull = job.imagePull();
                        if (pull == null && !job.hasPod()) {
                            // the Job controller may be unable to create the pod (admission refused it)
                            if (job.podCreateFailure() == null) {
                                return POD_RECHECK;
                            }
                            Instant since = job.createdAt() == null ? now : job.createdAt();
                            Instant deadline = since.plus(in.imagePullGrace());
                            if (now.isBefore(deadline)) {
                                return Duration.between(now, deadline);
                            }
                            jobActions.add(new DeleteJob(step.getJob()));
                            if (failStep(step, null, "the step's pod cannot be created: " + job.podCreateFailure(),
                                    null)) {
                                continue;
                            }
                            return null;
                        }
                        if (pull == null) {
                            return null;
                        }
                        Instant deadline = (pull.since() == null ? now : pull.since()).plus(in.imagePullGrace());
                        if (!pull.permanent() && now.isBefore(deadline)) {
                            return Duration.between(now, deadline);
                        }
                        jobActions.add(new DeleteJob(step.getJob()));
                        String detail = "image " + planned.image() + " cannot be pulled: " + pull.reason()
                                + (pull.detail() == null ? "" : ": " + pull.detail());
                        if (failStep(step, null, detail, null)) {
                            continue;
                        }
                        return null;
                    }
                }
            }
            succeed();
            return null;
        }

        private PromptVerdict answerPrompts(int position, RunInput in) {
            StepStatus step = status.getSteps().get(position);
            for (PromptCheck prompt : prompts(position)) {
                if (answered(step, prompt.id())) {
                    continue;
                }
                if (run.getSpec().forced()) {
                    record(step, prompt.id(), true, "Force", null);
                    continue;
                }
                String user = in.answers().answerer(prompt.id()).orElse(null);
                String byWhom = user == null ? "" : " by " + user;
                if (in.answers().isRejected(prompt.id())) {
                    record(step, prompt.id(), false, "Annotation", user);
                    return new PromptVerdict.Rejected(prompt.id(), Reason.PromptRejected,
                            "Prompt '" + prompt.id() + "' was rejected" + byWhom);
                }
                if (in.answers().isApproved(prompt.id())) {
                    record(step, prompt.id(), true, "Annotation", user);
                    events.add(new RunEvent(false, EventReason.PromptApproved, "Prompt '" + prompt.id()
                            + "' approved" + byWhom + " (transaction " + step.getTransaction() + ")"));
                    continue;
                }
                WaitingPrompt waiting = status.getPrompt();
                if (waiting == null || !prompt.id().equals(waiting.getId())) {
                    waiting = new WaitingPrompt(prompt.id(), prompt.message(), Timestamps.format(now));
                    status.setPrompt(waiting);
                    events.add(new RunEvent(false, EventReason.PromptWaiting, "Waiting for approval of prompt '"
                            + prompt.id() + "': " + prompt.message() + " (kubectl polycrate approve "
                            + run.getMetadata().getName() + " -n " + run.getMetadata().getNamespace()
                            + ", or reject; by hand: add " + prompt.id() + " to " + WorkflowRun.APPROVE_ANNOTATION
                            + " and " + prompt.id() + "=<you> to " + WorkflowRun.ANSWERED_BY_ANNOTATION + ")"));
                }
                Long timeout = run.getSpec().getApprovalTimeoutSeconds();
                Duration recheck = null;
                if (timeout != null) {
                    Instant deadline = Timestamps.parse(waiting.getSince()).plusSeconds(timeout);
                    if (!now.isBefore(deadline)) {
                        record(step, prompt.id(), false, "ApprovalTimeout", null);
                        return new PromptVerdict.Rejected(prompt.id(), Reason.ApprovalTimeout, "Prompt '"
                                + prompt.id() + "' was not answered within " + timeout + " seconds");
                    }
                    recheck = Duration.between(now, deadline);
                }
                step.setPhase(StepPhase.AwaitingApproval);
                status.setPhase(RunPhase.AwaitingApproval);
                status.setCurrentStep(step.getName());
                status.setMessage("Waiting for approval of prompt '" + prompt.id() + "': " + prompt.message());
                setSucceeded("Unknown", Reason.AwaitingApproval, "Waiting for approval of prompt '" + prompt.id() + "'");
                Conditions.set(status.getConditions(), RunConditions.AWAITING_APPROVAL, "True",
                        RunConditions.PromptReason.PromptWaiting.name(), prompt.message(),
                        run.getMetadata().getGeneration(), now);
                return new PromptVerdict.Waiting(recheck);
            }
            return new PromptVerdict.Cleared();
        }

        /** Records a rejected prompt; returns true when the workflow goes on with the next step. */
        private boolean rejectPrompt(int position, PromptVerdict.Rejected rejected) {
            clearPrompt();
            StepStatus step = status.getSteps().get(position);
            events.add(new RunEvent(true, EventReason.PromptRejected, rejected.message()
                    + " (transaction " + step.getTransaction() + ")"));
            if ("workflow".equals(rejected.id())) {
                step.setPhase(StepPhase.Skipped);
                skipRemaining();
                finish(RunPhase.Failed, "False", rejected.reason(), rejected.message(), EventReason.RunFailed, true);
                return false;
            }
            step.setPhase(StepPhase.Rejected);
            step.setCompletionTime(Timestamps.format(now));
            step.setMessage(rejected.message());
            if (plan.allowFailure()) {
                return true;
            }
            skipRemaining();
            finish(RunPhase.Failed, "False", rejected.reason(), "Step '" + step.getName() + "' failed (transaction "
                    + step.getTransaction() + "): " + rejected.message(), EventReason.RunFailed, true);
            return false;
        }

        /** Marks a step failed; returns true when the workflow goes on (allowFailure). */
        private boolean failStep(StepStatus step, Integer exitCode, String reason, String output) {
            step.setPhase(StepPhase.Failed);
            step.setExitCode(exitCode);
            step.setCompletionTime(Timestamps.format(now));
            step.setMessage(output != null && !output.isBlank() ? output : reason);
            String message = "Step '" + step.getName() + "' failed (transaction " + step.getTransaction() + "): "
                    + reason;
            events.add(new RunEvent(true, EventReason.StepFailed, message));
            if (plan.allowFailure()) {
                return true;
            }
            skipRemaining();
            finish(RunPhase.Failed, "False", Reason.StepFailed, message, EventReason.RunFailed, true);
            return false;
        }

        private void succeed() {
            List<StepStatus> failed = status.getSteps().stream().filter(s -> s.getPhase().isFailure()).toList();
            if (failed.isEmpty()) {
                int ran = plan.runSteps().size();
                finish(RunPhase.Succeeded, "True", Reason.Succeeded, "All " + ran + (ran == 1 ? " step" : " steps")
                        + (plan.startPosition() == 0 ? "" : " from step '" + plan.runSteps().get(0).name()
                                + "' (spec.fromStep)") + " succeeded",
                        EventReason.RunSucceeded, false);
            } else {
                finish(RunPhase.Succeeded, "True", Reason.CompletedWithFailures, "Completed with failures (allowFailure): "
                        + failed.stream().map(s -> "step '" + s.getName() + "' " + s.getPhase().name().toLowerCase()
                                + " (transaction " + s.getTransaction() + ")").collect(Collectors.joining(", ")),
                        EventReason.RunSucceeded, false);
            }
        }

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
            clearPrompt();
            finish(RunPhase.Cancelled, "False", Reason.Cancelled, "Cancelled by spec.cancel", EventReason.RunCancelled,
                    false);
        }

        void finish(RunPhase phase, String succeeded, Reason reason, String message, EventReason event,
                boolean warning) {
            clearPrompt();
            status.setPhase(phase);
            status.setMessage(message);
            status.setCompletionTime(Timestamps.format(now));
            setSucceeded(succeeded, reason, message);
            summarize();
            events.add(new RunEvent(warning, event, message));
        }

        void skipRemaining() {
            status.getSteps().stream().filter(s -> !s.getPhase().isFinished())
                    .forEach(s -> s.setPhase(StepPhase.Skipped));
        }

        private void clearPrompt() {
            status.setPrompt(null);
            if (Conditions.find(status.getConditions(), RunConditions.AWAITING_APPROVAL).isPresent()) {
                Conditions.set(status.getConditions(), RunConditions.AWAITING_APPROVAL, "False",
                        RunConditions.PromptReason.NoPromptWaiting.name(), "", run.getMetadata().getGeneration(),
                        now);
            }
            if (status.getPhase() == RunPhase.AwaitingApproval) {
                status.setPhase(RunPhase.Running);
                setSucceeded("Unknown", Reason.Running, "Running");
            }
        }

        /**
         * Progress, current step and the running message, derived from the steps. Progress counts the steps of
         * this run: not those before spec.fromStep.
         */
        void summarize() {
            List<StepStatus> steps = status.getSteps();
            List<StepStatus> ofThisRun = steps.subList(firstStepOfThisRun(), steps.size());
            long done = ofThisRun.stream().filter(s -> s.getPhase().isFinished()
                    && s.getPhase() != StepPhase.Skipped).count();
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

        /** Where in status.steps this run's steps begin: at spec.fromStep's step, else 0. */
        private int firstStepOfThisRun() {
            if (plan != null) {
                return plan.startPosition();
            }
            // no plan (it was lost): spec.fromStep cannot change, and status names the frozen plan's steps
            String fromStep = run.getSpec() == null ? null : run.getSpec().getFromStep();
            for (int p = 0; fromStep != null && p < status.getSteps().size(); p++) {
                if (fromStep.equals(status.getSteps().get(p).getName())) {
                    return p;
                }
            }
            return 0;
        }

        private void setSucceeded(String value, Reason reason, String message) {
            Conditions.set(status.getConditions(), RunConditions.SUCCEEDED, value, reason.name(), message,
                    run.getMetadata().getGeneration(), now);
        }

        private List<PromptCheck> prompts(int position) {
            PlannedStep step = plan.steps().get(position);
            List<PromptCheck> prompts = new ArrayList<>();
            // the workflow's prompt comes before the first step that runs (spec.fromStep skips those before it)
            if (position == plan.startPosition() && plan.workflowPrompt() != null) {
                prompts.add(new PromptCheck("workflow", plan.workflowPrompt()));
            }
            if (step.stepPrompt() != null) {
                prompts.add(new PromptCheck("step:" + step.name(), step.stepPrompt()));
            }
            if (step.actionPrompt() != null) {
                prompts.add(new PromptCheck("action:" + step.name(), step.actionPrompt()));
            }
            return prompts;
        }

        private static boolean answered(StepStatus step, String id) {
            return step.getApprovals().stream().anyMatch(a -> id.equals(a.getPrompt()));
        }

        private void record(StepStatus step, String id, boolean approved, String by, String user) {
            PromptApproval approval = new PromptApproval();
            approval.setPrompt(id);
            approval.setBy(by);
            approval.setUser(user);
            if (approved) {
                approval.setApprovedAt(Timestamps.format(now));
            } else {
                approval.setRejectedAt(Timestamps.format(now));
            }
            step.getApprovals().add(approval);
        }
    }

    private record PromptCheck(String id, String message) {
    }

    private sealed interface PromptVerdict {
        record Waiting(Duration recheckAfter) implements PromptVerdict {
        }

        record Rejected(String id, Reason reason, String message) implements PromptVerdict {
        }

        record Cleared() implements PromptVerdict {
        }
    }
}
