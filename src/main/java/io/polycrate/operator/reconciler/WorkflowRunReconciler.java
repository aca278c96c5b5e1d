package io.polycrate.operator.reconciler;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.polycrate.operator.api.v1alpha1.Concurrency;
import io.polycrate.operator.api.v1alpha1.RunConditions;
import io.polycrate.operator.api.v1alpha1.RunConditions.Reason;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunStatus;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.config.OperatorConfig;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.events.EventRecorder;
import io.polycrate.operator.job.JobFactory;
import io.polycrate.operator.job.JobOutcomeReader;
import io.polycrate.operator.job.KubernetesNames;
import io.polycrate.operator.job.StepLabels;
import io.polycrate.operator.metrics.OperatorMetrics;
import io.polycrate.operator.status.Conditions;
import io.polycrate.operator.status.ReconcileFailure;
import io.polycrate.operator.status.StatusComparison;
import io.polycrate.operator.workflow.Decision;
import io.polycrate.operator.workflow.JobObservation;
import io.polycrate.operator.workflow.PlanOutcome;
import io.polycrate.operator.workflow.PlanResolver;
import io.polycrate.operator.workflow.PromptAnswers;
import io.polycrate.operator.workflow.RunInput;
import io.polycrate.operator.workflow.RunPlan;
import io.polycrate.operator.workflow.RunQueue;
import io.polycrate.operator.workflow.RunStateMachine;

/**
 * Runs a WorkflowRun's steps as Jobs: observe (plan, Jobs, pods, annotations), decide (the pure
 * {@link RunStateMachine}), write the status (optimistic locking; on conflict re-read and re-decide), then act
 * (create or delete Jobs) and tell (events). Not generation-aware: approval annotations must trigger it.
 */
@ControllerConfiguration(name = WorkflowRunReconciler.NAME, generationAwareEventProcessing = false,
        // the run's own status writes coming back wake nothing (its managed fields are dropped as it is read: see
        // WorkflowRun#setMetadata)
        informer = @Informer(onUpdateFilter = RunInputsChanged.class),
        // every input reaches a run through an informer, and every deadline it waits for is an explicit requeue: no
        // periodic reconcile (whose timer tasks, cancelled at every reconcile, would pile up for hours in the queue)
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 0))
// like the Kubernetes controllers: keep retrying with backoff (at most a minute apart), never give up on a run
@GradualRetry(maxAttempts = Integer.MAX_VALUE, initialInterval = 500, intervalMultiplier = 2.0, maxInterval = 60_000)
public class WorkflowRunReconciler implements Reconciler<WorkflowRun> {
    public static final String NAME = "workflowrun";
    static final String STEP_JOBS = "step-jobs";
    static final String PLAN_CONFIG_MAPS = "plan-configmaps";
    static final String WORKSPACES = "awaited-workspaces";
    private static final Logger LOG = Logger.getLogger(WorkflowRunReconciler.class);

    private final KubernetesClient client;
    private final PlanStore plans;
    private final StepJobs stepJobs;
    private final EventRecorder events;
    private final Clock clock;
    private final OperatorConfig config;
    private final OperatorMetrics metrics;

    public WorkflowRunReconciler(KubernetesClient client, PlanStore plans, StepJobs stepJobs, EventRecorder events,
            Clock clock, OperatorConfig config, OperatorMetrics metrics) {
        this.metrics = metrics;
        this.client = client;
        this.plans = plans;
        this.stepJobs = stepJobs;
        this.events = events;
        this.clock = clock;
        this.config = config;
    }

    @Override
    public List<EventSource<?, WorkflowRun>> prepareEventSources(EventSourceContext<WorkflowRun> context) {
        // a run that changes (finishes, or is deleted) may free the queue of a Serial workspace
        // only a run that finishes or goes away can free a queue: its other updates wake no one; the cache keeps
        // a summary of each run (name, workspace, phase) for the queue and the metrics
        InformerEventSource<WorkflowRun, WorkflowRun> runs = new InformerEventSource<>(
                CachedShapes.keeping(CachedShapes::runSummary, InformerEventSourceConfiguration
                        .from(WorkflowRun.class, WorkflowRun.class)
                        .withName("queued-runs")
                        .withSecondaryToPrimaryMapper(queuedBehind(context))
                        .withOnAddFilter(run -> false)
                        .withOnUpdateFilter((updated, old) ->
                                RunStateMachine.hasFinished(updated) != RunStateMachine.hasFinished(old)), context)
                        .build(), context);
        // the metrics' gauges count runs by phase in this informer's cache
        metrics.readRunsFrom(() -> runs.list(run -> true));
        return List.of(
                // Jobs and pods as the decisions need them (CachedShapes); updates that change nothing of that
                // (a pod turning Running, the Job controller counting it) wake no reconcile
                new InformerEventSource<>(CachedShapes.keeping(CachedShapes::job, InformerEventSourceConfiguration
                        .from(Job.class, WorkflowRun.class)
                        .withName(STEP_JOBS)
                        .withLabelSelector(StepLabels.SELECTOR)
                        .withSecondaryToPrimaryMapper(runOf())
                        .withOnUpdateFilter(CachedShapes::jobChanged), context)
                        .build(), context),
                new InformerEventSource<>(CachedShapes.keeping(CachedShapes::pod, InformerEventSourceConfiguration
                        .from(Pod.class, WorkflowRun.class)
                        .withName("step-pods")
                        .withLabelSelector(StepLabels.SELECTOR)
                        .withSecondaryToPrimaryMapper(runOf())
                        .withOnUpdateFilter(CachedShapes::podChanged), context)
                        .build(), context),
                // the plan ConfigMaps, to see that a run's plan is still there before its next step without asking
                // the API server; they wake no run (a lost plan matters when the next step is to start)
                new InformerEventSource<>(CachedShapes.keeping(CachedShapes::planConfigMap,
                        InformerEventSourceConfiguration.from(ConfigMap.class, WorkflowRun.class)
                                .withName(PLAN_CONFIG_MAPS)
                                .withLabelSelector(StepLabels.SELECTOR)
                                .withSecondaryToPrimaryMapper(configMap -> Set.of())
                                .withOnAddFilter(configMap -> false)
                                .withOnUpdateFilter((updated, old) -> false)
                                .withOnDeleteFilter((configMap, unknownState) -> false), context)
                        .build(), context),
                runs,
                // a run waiting for its Workspace starts as soon as it is created
                new InformerEventSource<>(InformerEventSourceConfiguration.from(Workspace.class, WorkflowRun.class)
                        .withName(WORKSPACES)
                        .withSecondaryToPrimaryMapper(waitingFor(context))
                        .build(), context));
    }

    private static SecondaryToPrimaryMapper<Workspace> waitingFor(EventSourceContext<WorkflowRun> context) {
        return workspace -> context.getPrimaryCache().list(workspace.getMetadata().getNamespace(), run ->
                run.getSpec() != null && workspace.getMetadata().getName().equals(run.getSpec().getWorkspace())
                        && !RunStateMachine.hasStarted(run) && !RunStateMachine.hasFinished(run))
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }

    private static SecondaryToPrimaryMapper<WorkflowRun> queuedBehind(EventSourceContext<WorkflowRun> context) {
        return changed -> {
            if (changed.getSpec() == null || changed.getSpec().getWorkspace() == null) {
                return Set.of();
            }
            return context.getPrimaryCache().list(changed.getMetadata().getNamespace(), run ->
                    run.getSpec() != null && changed.getSpec().getWorkspace().equals(run.getSpec().getWorkspace())
                            && !run.getMetadata().getName().equals(changed.getMetadata().getName())
                            && !RunStateMachine.hasStarted(run) && !RunStateMachine.hasFinished(run))
                    .map(ResourceID::fromResource)
                    .collect(Collectors.toSet());
        };
    }

    private static <R extends HasMetadata> SecondaryToPrimaryMapper<R> runOf() {
        return resource -> {
            Map<String, String> annotations = resource.getMetadata().getAnnotations();
            String run = annotations == null ? null : annotations.get(StepLabels.RUN_NAME_ANNOTATION);
            return run == null ? Set.of() : Set.of(new ResourceID(run, resource.getMetadata().getNamespace()));
        };
    }

    @Override
    public UpdateControl<WorkflowRun> reconcile(WorkflowRun run, Context<WorkflowRun> context) {
        Instant now = clock.instant();
        if (RunStateMachine.hasFinished(run)) {
            Map<String, JobObservation> jobs = observeJobs(run, context, now);
            return apply(run, context, fresh -> RunStateMachine.afterFinish(fresh, jobs, now), null, null);
        }
        if (run.getSpec() == null) {
            return apply(run, context, fresh -> RunStateMachine.planImpossible(fresh, Reason.InvalidRun,
                    "spec: is required (a WorkflowRun names spec.workspace, and spec.workflow or spec.action)", now),
                    null, null);
        }
        boolean started = RunStateMachine.hasStarted(run);
        PlanStore.Stored stored = plans.load(run);
        if (started && !(stored instanceof PlanStore.Stored.Found)) {
            String why = stored instanceof PlanStore.Stored.Foreign foreign ? foreign.why() + "; this run's own"
                    : "The";
            return apply(run, context, fresh -> RunStateMachine.planImpossible(fresh, Reason.PlanLost,
                    why + " plan ConfigMap " + KubernetesNames.planConfigMapName(run.getMetadata().getName())
                            + " was deleted; the run cannot go on", now), null, null);
        }
        if (stored instanceof PlanStore.Stored.Foreign foreign) {
            return apply(run, context, fresh -> RunStateMachine.nameConflict(fresh, foreign.why(), config.waitTimeout(),
                    now), null, null);
        }
        if (!(stored instanceof PlanStore.Stored.Found) && run.getSpec().cancelRequested()) {
            return apply(run, context, fresh -> RunStateMachine.cancelBeforePlan(fresh, now), null, null);
        }
        if (!(stored instanceof PlanStore.Stored.Found)) {
            Workspace workspace = workspaceOf(run, context);
            if (workspace != null && workspace.getSpec() != null
                    && workspace.getSpec().getConcurrency() == Concurrency.Serial) {
                Optional<WorkflowRun> ahead = RunQueue.runAhead(run,
                        context.getPrimaryCache().list(run.getMetadata().getNamespace()).toList());
                if (ahead.isPresent()) {
                    String aheadName = ahead.get().getMetadata().getName();
                    return apply(run, context, fresh -> RunStateMachine.queued(fresh, aheadName, now), null, null);
                }
            }
            PlanOutcome outcome = PlanResolver.resolve(run, workspace, config.defaultImage());
            if (outcome instanceof PlanOutcome.Impossible impossible) {
                return apply(run, context, fresh -> impossible.reason() == Reason.WorkspaceNotFound
                        ? RunStateMachine.workspaceMissing(fresh, impossible.message(), config.waitTimeout(), now)
                        : RunStateMachine.planImpossible(fresh, impossible.reason(), impossible.message(), now),
                        null, null);
            }
            stored = plans.freeze(run, (PlanOutcome.Planned) outcome);
            if (stored instanceof PlanStore.Stored.Foreign foreign) {
                return apply(run, context, fresh -> RunStateMachine.nameConflict(fresh, foreign.why(), config.waitTimeout(),
                    now), null, null);
            }
            if (stored instanceof PlanStore.Stored.Refused refused) {
                return apply(run, context, fresh -> RunStateMachine.planImpossible(fresh, refused.reason(),
                        refused.message(), now), null, null);
            }
        }
        RunPlan frozen = ((PlanStore.Stored.Found) stored).plan();
        Map<String, JobObservation> jobs = observeJobs(run, context, now);
        return apply(run, context, fresh -> RunStateMachine.decide(new RunInput(fresh, frozen, jobs,
                PromptAnswers.of(fresh.getMetadata().getAnnotations()), now, config.imagePullGracePeriod(),
                config.waitTimeout(), () -> UUID.randomUUID().toString())), frozen, jobs);
    }

    /**
     * A reconcile failed (the API server refused a write, or cannot be reached): say so on the run — condition
     * ReconcileError with a typed reason, cleared by the next reconcile that succeeds — and with a Warning event at
     * the first failure and then ever more rarely (attempts 1, 2, 4, 8...), while JOSDK retries with backoff.
     */
    @Override
    public ErrorStatusUpdateControl<WorkflowRun> updateErrorStatus(WorkflowRun run, Context<WorkflowRun> context,
            Exception e) {
        metrics.reconcileFailed();
        ReconcileFailure failure = ReconcileFailure.of(e);
        String runName = run.getMetadata().getNamespace() + "/" + run.getMetadata().getName();
        if (failure.reason() == RunConditions.ErrorReason.InternalError) {
            LOG.errorf(e, "Reconcile of WorkflowRun %s failed", runName);
        } else {
            LOG.warnf("Reconcile of WorkflowRun %s failed: %s", runName, failure.message());
        }
        int attempt = Math.max(1, context.getRetryInfo().map(RetryInfo::getAttemptCount).orElse(1));
        if (Integer.bitCount(attempt) == 1) {
            events.warning(run, EventReason.ReconcileFailed, "Could not make progress (attempt " + attempt + "): "
                    + failure.message() + "; retrying");
        }
        WorkflowRunStatus status = run.getStatus() == null ? new WorkflowRunStatus()
                : client.getKubernetesSerialization().clone(run.getStatus());
        Conditions.set(status.getConditions(), RunConditions.RECONCILE_ERROR, "True", failure.reason().name(),
                failure.message(), run.getMetadata().getGeneration(), clock.instant());
        if (!StatusComparison.sameJson(run.getStatus(), status)) {
            WorkflowRun copy = client.getKubernetesSerialization().clone(run);
            copy.setStatus(status);
            try {
                // optimistic: a run changed since is reconciled again anyway, and then says so itself
                client.resource(copy).updateStatus();
            } catch (KubernetesClientException unwritable) {
                LOG.debugf("Could not record the failure on %s: %s", runName, unwritable.getCode());
            }
        }
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    @SuppressWarnings("unchecked")
    private static InformerEventSource<Job, WorkflowRun> stepJobsCache(Context<WorkflowRun> context) {
        return (InformerEventSource<Job, WorkflowRun>) context.eventSourceRetriever()
                .getEventSourceFor(Job.class, STEP_JOBS);
    }

    @SuppressWarnings("unchecked")
    private static <R extends HasMetadata> Optional<R> cached(Context<WorkflowRun> context, Class<R> type,
            String source, String name, String namespace) {
        return ((InformerEventSource<R, WorkflowRun>) context.eventSourceRetriever().getEventSourceFor(type, source))
                .get(new ResourceID(name, namespace));
    }

    /** The run's Workspace: from the informer's cache, or (just created, not cached yet) from the API server. */
    private Workspace workspaceOf(WorkflowRun run, Context<WorkflowRun> context) {
        String name = run.getSpec() == null ? null : run.getSpec().getWorkspace();
        if (name == null || name.isBlank()) {
            return null;
        }
        String namespace = run.getMetadata().getNamespace();
        return cached(context, Workspace.class, WORKSPACES, name, namespace).orElseGet(() ->
                client.resources(Workspace.class).inNamespace(namespace).withName(name).get());
    }

    private static List<Pod> podsOf(String jobName, List<Pod> pods) {
        return pods.stream().filter(pod -> pod.getMetadata().getOwnerReferences().stream()
                .anyMatch(ref -> "Job".equals(ref.getKind()) && jobName.equals(ref.getName()))).toList();
    }

    /**
     * Why the Job controller cannot create the Job's pod: its latest FailedCreate event, if that is an admission's
     * refusal (forbidden, invalid). Null if none.
     */
    private String podCreateFailure(Job job) {
        return client.v1().events().inNamespace(job.getMetadata().getNamespace())
                .withField("involvedObject.name", job.getMetadata().getName())
                .withField("reason", "FailedCreate")
                .list().getItems().stream()
                .filter(e -> "Job".equals(e.getInvolvedObject().getKind())
                        && job.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
                .max(java.util.Comparator.comparing(e -> e.getLastTimestamp() == null ? "" : e.getLastTimestamp()))
                .map(e -> e.getMessage())
                // an admission's refusal stays until someone changes something; a failed request (the API server
                // restarting, say) is the Job controller's to retry, and no reason to fail the step
                .filter(message -> message != null && (message.contains(" is forbidden: ")
                        || message.contains(" is invalid: ")))
                .orElse(null);
    }

    private Map<String, JobObservation> observeJobs(WorkflowRun run, Context<WorkflowRun> context, Instant now) {
        List<Pod> pods = context.getSecondaryResources(Pod.class).stream().toList();
        Map<String, JobObservation> jobs = new HashMap<>();
        for (Job job : context.getSecondaryResources(Job.class)) {
            JobObservation seen = JobOutcomeReader.read(job, podsOf(job.getMetadata().getName(), pods),
                    run.getMetadata().getUid());
            if (!seen.hasPod() && seen.state() == JobObservation.State.Active && seen.foreignOwner() == null
                    && seen.createdAt() != null && seen.createdAt().plus(RunStateMachine.POD_RECHECK).isBefore(now)) {
                seen = seen.withoutPod(podCreateFailure(job));
            }
            jobs.put(job.getMetadata().getName(), seen);
        }
        // a running step whose Job the cache does not hold (yet): the informer may lag behind the create that an
        // earlier reconcile saw succeed; only the API server can say that the Job is really gone
        if (run.getStatus() != null) {
            for (StepStatus step : run.getStatus().getSteps()) {
                if (step.getPhase() == StepPhase.Running && step.getJob() != null && !jobs.containsKey(step.getJob())) {
                    // it exists: the step goes on running, and its outcome comes with the informer (and its pods)
                    stepJobs.get(run.getMetadata().getNamespace(), step.getJob()).ifPresent(live -> jobs.put(
                            step.getJob(), JobOutcomeReader.read(live, podsOf(step.getJob(), pods),
                                    run.getMetadata().getUid()).stillRunning()));
                }
            }
        }
        return jobs;
    }

    /**
     * Writes the decided status (only if it changed), then carries out the decision's Job changes and
     * events. The decision is made again on a fresh copy of the run if the write meets a conflict.
     */
    private UpdateControl<WorkflowRun> apply(WorkflowRun run, Context<WorkflowRun> context,
            Function<WorkflowRun, Decision> decide, RunPlan plan, Map<String, JobObservation> observedJobs) {
        AtomicReference<Decision> made = new AtomicReference<>(decide.apply(run));
        WorkflowRun written = run;
        if (!StatusComparison.sameJson(run.getStatus(), made.get().status())) {
            AtomicReference<WorkflowRunStatus> before = new AtomicReference<>(run.getStatus());
            written = PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(run, context, fresh -> {
                Decision decision = fresh == run ? made.get() : decide.apply(fresh);
                made.set(decision);
                before.set(fresh.getStatus());
                fresh.setStatus(decision.status());
                return fresh;
            });
            metrics.recordTransition(before.get(), written.getStatus(), clock.instant());
        }
        Decision decision = made.get();
        Optional<JobObservation> seenAtCreation = Optional.empty();
        for (Decision.JobAction action : decision.jobActions()) {
            if (action instanceof Decision.CreateJob create) {
                String namespace = written.getMetadata().getNamespace();
                if (create.position() > plan.startPosition() && !plans.stillStored(written,
                        name -> cached(context, ConfigMap.class, PLAN_CONFIG_MAPS, name, namespace))) {
                    // a person deleted the plan ConfigMap since the first step's Job: the pod could not mount it
                    Instant now = clock.instant();
                    return apply(written, context, fresh -> RunStateMachine.planImpossible(fresh, Reason.PlanLost,
                            "The plan ConfigMap " + KubernetesNames.planConfigMapName(fresh.getMetadata().getName())
                                    + " of this run was deleted; the run cannot go on", now), null, null);
                }
                Job job = JobFactory.build(written, plan, plan.steps().get(create.position()), create.transaction());
                ResourceID runId = ResourceID.fromResource(written);
                AtomicReference<Job> createdJob = new AtomicReference<>();
                // the created Job goes into the informer's cache at once (no later reconcile creates it again), and
                // its watch event, for a Job this reconcile already knows, wakes no reconcile: the step is recorded
                // as started below, from what the API server answered
                seenAtCreation = stepJobs.create(job, written.getMetadata().getUid(), create.transaction(),
                        created -> {
                            createdJob.set(created);
                            stepJobsCache(context).handleRecentResourceCreate(runId, created);
                        });
                if (seenAtCreation.isEmpty() && createdJob.get() != null) {
                    seenAtCreation = Optional.of(JobOutcomeReader.read(createdJob.get(), List.of(),
                            written.getMetadata().getUid()));
                }
            } else if (action instanceof Decision.DeleteJob delete) {
                stepJobs.delete(written.getMetadata().getNamespace(), delete.jobName());
            }
        }
        for (Decision.RunEvent event : decision.events()) {
            if (event.warning()) {
                events.warning(written, event.reason(), event.message());
            } else {
                events.normal(written, event.reason(), event.message());
            }
        }
        if (seenAtCreation.isPresent() && observedJobs != null) {
            // the Job was created (the step starts), the API server refused it, or one of its name exists: decide
            // again with what it said (now, not at the next event: neither the run's own status write nor the Job's
            // creation wakes a reconcile). That decision creates no Job for the step again: the step runs, waits for
            // a foreign Job to go, or fails with a rejected one.
            observedJobs.put(seenAtCreation.get().jobName(), seenAtCreation.get());
            return apply(written, context, decide, plan, observedJobs);
        }
        UpdateControl<WorkflowRun> control = UpdateControl.noUpdate();
        return decision.requeueAfter() == null ? control : control.rescheduleAfter(decision.requeueAfter());
    }
}
