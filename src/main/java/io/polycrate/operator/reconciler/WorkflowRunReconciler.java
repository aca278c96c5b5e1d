package io.polycrate.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
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
import io.polycrate.operator.api.v1alpha1.RunConditions;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunStatus;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.config.OperatorConfig;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.events.EventRecorder;
import io.polycrate.operator.job.JobFactory;
import io.polycrate.operator.job.JobOutcomeReader;
import io.polycrate.operator.json.Json;
import io.polycrate.operator.metrics.OperatorMetrics;
import io.polycrate.operator.naming.StepLabels;
import io.polycrate.operator.status.ConditionStatus;
import io.polycrate.operator.status.Conditions;
import io.polycrate.operator.status.ReconcileFailure;
import io.polycrate.operator.status.StatusComparison;
import io.polycrate.operator.webhook.WebhookDelivery;
import io.polycrate.operator.workflow.ArtifactsClaim;
import io.polycrate.operator.workflow.Decision;
import io.polycrate.operator.workflow.JobObservation;
import io.polycrate.operator.workflow.PromptAnswers;
import io.polycrate.operator.workflow.RunInput;
import io.polycrate.operator.workflow.RunPlan;
import io.polycrate.operator.workflow.RunQueue;
import io.polycrate.operator.workflow.RunStateMachine;
import io.polycrate.operator.workflow.StoredPlan;

/**
 * Runs a WorkflowRun's steps as Jobs: observe (plan, Jobs, pods, annotations), decide (the pure
 * {@link RunStateMachine}), write the status (optimistic locking; on conflict re-read and re-decide), then act
 * (create or delete Jobs) and tell (events). Not generation-aware: approval annotations must trigger it.
 */
@ControllerConfiguration(name = WorkflowRunReconciler.NAME, generationAwareEventProcessing = false,
        // the run's own status writes coming back wake nothing (its managed fields are dropped as it is read: see
        // WorkflowRun#setMetadata)
        informer = @Informer(onUpdateFilter = RunInputsChanged.class))
// like the Kubernetes controllers: keep retrying with backoff (at most a minute apart), never give up on a run
@GradualRetry(maxAttempts = Integer.MAX_VALUE, initialInterval = 500, intervalMultiplier = 2.0, maxInterval = 60_000)
public class WorkflowRunReconciler implements Reconciler<WorkflowRun> {
    public static final String NAME = "workflowrun";
    static final String STEP_JOBS = "step-jobs";
    static final String PLAN_CONFIG_MAPS = "plan-configmaps";
    static final String WORKSPACES = "awaited-workspaces";
    static final String ARTIFACTS_CLAIMS = "artifacts-claims";
    private static final Logger LOG = Logger.getLogger(WorkflowRunReconciler.class);

    private final KubernetesClient client;
    private final PlanStore plans;
    private final StepJobs stepJobs;
    private final EventRecorder events;
    private final Clock clock;
    private final OperatorConfig config;
    private final OperatorMetrics metrics;
    private final FinishedRuns finishedRuns;
    private final WebhookDelivery webhooks;
    private final ArtifactsClaims artifactsClaims;

    public WorkflowRunReconciler(KubernetesClient client, PlanStore plans, StepJobs stepJobs, EventRecorder events,
            Clock clock, OperatorConfig config, OperatorMetrics metrics, FinishedRuns finishedRuns,
            WebhookDelivery webhooks, ArtifactsClaims artifactsClaims) {
        this.artifactsClaims = artifactsClaims;
        this.metrics = metrics;
        this.webhooks = webhooks;
        this.finishedRuns = finishedRuns;
        this.client = client;
        this.plans = plans;
        this.stepJobs = stepJobs;
        this.events = events;
        this.clock = clock;
        this.config = config;
    }

    @Override
    public List<EventSource<?, WorkflowRun>> prepareEventSources(EventSourceContext<WorkflowRun> context) {
        // the metrics' gauges count runs by phase in the cache, retention and the Serial queue read it
        metrics.readRunsFrom(() -> context.getPrimaryCache().list());
        finishedRuns.readRunsFrom(namespace -> context.getPrimaryCache().list(namespace));
        // Jobs and pods as the decisions need them (CachedShapes); updates that change nothing of that
        // (a pod turning Running, the Job controller counting it) wake no reconcile
        InformerEventSource<Job, WorkflowRun> jobs = new InformerEventSource<>(CachedShapes.keeping(CachedShapes::job,
                InformerEventSourceConfiguration.from(Job.class, WorkflowRun.class)
                        .withName(STEP_JOBS)
                        .withLabelSelector(StepLabels.SELECTOR)
                        .withSecondaryToPrimaryMapper(runOf())
                        .withOnUpdateFilter(CachedShapes::jobChanged), context)
                .build(), context);
        return List.of(
                jobs,
                StepObservations.podCreateFailures(jobs, context),
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
                // the runs' artifacts claims, to see that a run's claim is there before its next step without asking
                // the API server; like the plan ConfigMaps, they wake no run
                new InformerEventSource<>(CachedShapes.keeping(CachedShapes::artifactsClaim,
                        InformerEventSourceConfiguration.from(PersistentVolumeClaim.class, WorkflowRun.class)
                                .withName(ARTIFACTS_CLAIMS)
                                .withLabelSelector(StepLabels.SELECTOR)
                                .withSecondaryToPrimaryMapper(claim -> Set.of())
                                .withOnAddFilter(claim -> false)
                                .withOnUpdateFilter((updated, old) -> false)
                                .withOnDeleteFilter((claim, unknownState) -> false), context)
                        .build(), context),
                // a run that finishes frees the queue of a Serial workspace (FinishedRuns); one that is deleted
                // while others wait is seen by their rechecks
                finishedRuns.queueWakeups(),
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

    private static <R extends HasMetadata> SecondaryToPrimaryMapper<R> runOf() {
        return resource -> {
            Map<String, String> annotations = resource.getMetadata().getAnnotations();
            String run = annotations == null ? null : annotations.get(StepLabels.RUN_NAME_ANNOTATION);
            return run == null ? Set.of() : Set.of(new ResourceID(run, resource.getMetadata().getNamespace()));
        };
    }

    @Override
    public UpdateControl<WorkflowRun> reconcile(WorkflowRun run, Context<WorkflowRun> context) {
        RunInput in = observe(run, context, clock.instant());
        while (true) {
            Decided decided = write(decide(in), context);
            RunInput again = act(decided, context);
            if (again == null) {
                Duration requeue = decided.decision().requeueAfter();
                UpdateControl<WorkflowRun> control = UpdateControl.noUpdate();
                return requeue == null ? control : control.rescheduleAfter(requeue);
            }
            // the API server said what the decision did not know (a Job refused, a name taken, the plan gone)
            in = again;
        }
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
                : Json.SERIALIZATION.clone(run.getStatus());
        Conditions.set(status.getConditions(), RunConditions.RECONCILE_ERROR, ConditionStatus.True,
                failure.reason().name(), failure.message(), run.getMetadata().getGeneration(), clock.instant());
        if (!StatusComparison.sameJson(run.getStatus(), status)) {
            WorkflowRun copy = Json.SERIALIZATION.clone(run);
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
    private static InformerEventSource<PersistentVolumeClaim, WorkflowRun> artifactsClaimsCache(
            Context<WorkflowRun> context) {
        return (InformerEventSource<PersistentVolumeClaim, WorkflowRun>) context.eventSourceRetriever()
                .getEventSourceFor(PersistentVolumeClaim.class, ARTIFACTS_CLAIMS);
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

    /** What the decider needs: the caches' Jobs and pods, and while the run has no plan, its Workspace and queue. */
    private RunInput observe(WorkflowRun run, Context<WorkflowRun> context, Instant now) {
        Map<String, JobObservation> jobs = StepObservations.of(run, context, stepJobs);
        // a finished run needs no plan, and a run without a spec can have none: neither is read
        StoredPlan plan = new StoredPlan.Missing();
        Workspace workspace = null;
        WorkflowRun ahead = null;
        if (!RunStateMachine.hasFinished(run) && run.getSpec() != null) {
            String namespace = run.getMetadata().getNamespace();
            // a run that has not started asks the informer whether its plan ConfigMap exists; a started one whose
            // plan is not in memory (the operator restarted) reads it
            plan = plans.load(run, RunStateMachine.hasStarted(run) ? null
                    : name -> cached(context, ConfigMap.class, PLAN_CONFIG_MAPS, name, namespace));
            if (plan instanceof StoredPlan.Missing && !RunStateMachine.hasStarted(run)) {
                workspace = workspaceOf(run, context);
                ahead = RunQueue.runAhead(run, workspace,
                        finishedRuns.runsIn(run.getMetadata().getNamespace())).orElse(null);
            }
        }
        return new RunInput(run, plan, workspace, ahead, jobs, answersOf(run), now,
                new RunInput.Settings(config.imagePullGracePeriod(), config.waitTimeout(), config.defaultImage()),
                () -> UUID.randomUUID().toString(), artifactsClaimOf(run, plan, context));
    }

    /** The run's artifacts claim, where its plan has one: from the cache, confirmed by the API server if expected. */
    private ArtifactsClaim artifactsClaimOf(WorkflowRun run, StoredPlan plan, Context<WorkflowRun> context) {
        if (!(plan instanceof StoredPlan.Found found) || found.plan().artifacts() == null) {
            return ArtifactsClaim.ABSENT;
        }
        boolean expected = run.getStatus() != null
                && run.getStatus().getSteps().stream().anyMatch(step -> step.getJob() != null);
        String namespace = run.getMetadata().getNamespace();
        return artifactsClaims.observe(run,
                name -> cached(context, PersistentVolumeClaim.class, ARTIFACTS_CLAIMS, name, namespace), expected);
    }

    private static PromptAnswers answersOf(WorkflowRun run) {
        return PromptAnswers.of(run.getMetadata().getAnnotations());
    }

    /** A decision and the input it was made from. */
    private record Decided(RunInput input, Decision decision) {
    }

    /**
     * Asks the decider; freezes the plan it made, if it made one, and then asks it again with what the store
     * answered (a plan an earlier attempt froze wins; the name may be taken, the API server may refuse it).
     */
    private Decided decide(RunInput in) {
        Decision decision = RunStateMachine.decide(in);
        if (decision.planToFreeze() == null) {
            return new Decided(in, decision);
        }
        RunInput answered = in.withPlan(plans.freeze(in.run(), decision.planToFreeze()));
        return new Decided(answered, RunStateMachine.decide(answered));
    }

    /** Writes the decided status, if it changed (optimistic locking: on a conflict, re-read and decide again). */
    private Decided write(Decided decided, Context<WorkflowRun> context) {
        WorkflowRun run = decided.input().run();
        if (StatusComparison.sameJson(run.getStatus(), decided.decision().status())) {
            return decided;
        }
        AtomicReference<Decided> made = new AtomicReference<>(decided);
        AtomicReference<WorkflowRunStatus> before = new AtomicReference<>(run.getStatus());
        WorkflowRun written = PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(run, context, fresh -> {
            if (fresh != run) {
                made.set(decide(decided.input().withRun(fresh, answersOf(fresh))));
            }
            before.set(fresh.getStatus());
            fresh.setStatus(made.get().decision().status());
            return fresh;
        });
        metrics.recordTransition(before.get(), written.getStatus(), clock.instant());
        // the transactions and the outcome this write recorded, to the webhook: queued, never waited for
        webhooks.afterStatusWrite(made.get().input(), before.get(), written);
        if (RunStateMachine.hasFinished(written) && (before.get() == null || before.get().getPhase() == null
                || !before.get().getPhase().isFinished())) {
            finishedRuns.finished(written);
        }
        return new Decided(made.get().input().withRun(written, answersOf(written)), made.get().decision());
    }

    /**
     * Creates and deletes the decided Jobs, then emits the events. Returns the input to decide again with when the
     * API server's answers say what the decision did not know; null when there is nothing more to do.
     */
    private RunInput act(Decided decided, Context<WorkflowRun> context) {
        RunInput in = decided.input();
        WorkflowRun run = in.run();
        Optional<JobObservation> seenAtCreation = Optional.empty();
        ArtifactsClaim claimNotOurs = null;
        for (Decision.JobAction action : decided.decision().jobActions()) {
            if (action instanceof Decision.CreateArtifactsClaim) {
                ResourceID runId = ResourceID.fromResource(run);
                ArtifactsClaim claim = artifactsClaims.create(run, ((StoredPlan.Found) in.plan()).plan(),
                        created -> artifactsClaimsCache(context).handleRecentResourceCreate(runId, created));
                if (!(claim instanceof ArtifactsClaim.Ours)) {
                    // its name is taken or the API server refused it: no Job without it; decide again with that
                    claimNotOurs = claim;
                    break;
                }
                in = in.withArtifactsClaim(claim);
            } else if (action instanceof Decision.CreateJob create) {
                RunPlan plan = ((StoredPlan.Found) in.plan()).plan();
                String namespace = run.getMetadata().getNamespace();
                if (create.position() > plan.startPosition() && !plans.stillStored(run,
                        name -> cached(context, ConfigMap.class, PLAN_CONFIG_MAPS, name, namespace))) {
                    // a person deleted the plan ConfigMap since the first step's Job: the pod could not mount it
                    return in.withPlan(new StoredPlan.Lost());
                }
                Optional<String> unmountable = stepJobs.unmountableFiles(namespace,
                        plan.steps().get(create.position()).files());
                if (unmountable.isPresent()) {
                    // its pod would wait for ever: the step fails now, saying why
                    seenAtCreation = Optional.of(JobObservation.notCreated(create.jobName(), create.transaction(),
                            unmountable.get()));
                    continue;
                }
                Job job = JobFactory.build(run, plan, plan.steps().get(create.position()), create.transaction());
                ResourceID runId = ResourceID.fromResource(run);
                AtomicReference<Job> createdJob = new AtomicReference<>();
                // the created Job goes into the informer's cache at once (no later reconcile creates it again), and
                // its watch event, for a Job this reconcile already knows, wakes no reconcile: the step is recorded
                // as started below, from what the API server answered
                seenAtCreation = stepJobs.create(job, run.getMetadata().getUid(), create.transaction(), created -> {
                    createdJob.set(created);
                    stepJobsCache(context).handleRecentResourceCreate(runId, created);
                });
                if (seenAtCreation.isEmpty() && createdJob.get() != null) {
                    seenAtCreation = Optional.of(JobOutcomeReader.read(createdJob.get(), List.of(),
                            run.getMetadata().getUid()));
                }
            } else if (action instanceof Decision.DeleteJob delete) {
                stepJobs.delete(run.getMetadata().getNamespace(), delete.jobName());
            }
        }
        for (Decision.RunEvent event : decided.decision().events()) {
            events.record(run, event.type(), event.reason(), event.message());
        }
        if (claimNotOurs != null) {
            return in.withArtifactsClaim(claimNotOurs);
        }
        if (seenAtCreation.isPresent()) {
            // the Job was created (the step starts), the API server refused it, or one of its name exists: decide
            // again with what it said (now, not at the next event: neither the run's own status write nor the Job's
            // creation wakes a reconcile). That decision creates no Job for the step again: the step runs, waits for
            // a foreign Job to go, or fails with a rejected one.
            return in.withJob(seenAtCreation.get());
        }
        return null;
    }
}
