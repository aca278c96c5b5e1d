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

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
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
import io.polycrate.operator.api.v1alpha1.Concurrency;
import io.polycrate.operator.api.v1alpha1.RunConditions;
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
@ControllerConfiguration(name = WorkflowRunReconciler.NAME, generationAwareEventProcessing = false)
// like the Kubernetes controllers: keep retrying with backoff (at most a minute apart), never give up on a run
@GradualRetry(maxAttempts = Integer.MAX_VALUE, initialInterval = 500, intervalMultiplier = 2.0, maxInterval = 60_000)
public class WorkflowRunReconciler implements Reconciler<WorkflowRun> {
    public static final String NAME = "workflowrun";

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
        InformerEventSource<WorkflowRun, WorkflowRun> runs = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(WorkflowRun.class, WorkflowRun.class)
                        .withName("queued-runs")
                        .withSecondaryToPrimaryMapper(queuedBehind(context))
                        .build(), context);
        // the metrics' gauges count runs by phase in this informer's cache
        metrics.readRunsFrom(() -> runs.list(run -> true));
        return List.of(
                new InformerEventSource<>(InformerEventSourceConfiguration.from(Job.class, WorkflowRun.class)
                        .withName("step-jobs")
                        .withLabelSelector(StepLabels.SELECTOR)
                        .withSecondaryToPrimaryMapper(runOf())
                        .build(), context),
                new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, WorkflowRun.class)
                        .withName("step-pods")
                        .withLabelSelector(StepLabels.SELECTOR)
                        .withSecondaryToPrimaryMapper(runOf())
                        .build(), context),
                runs);
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
        if (RunStateMachine.hasFinished(run)) {
            return UpdateControl.noUpdate();
        }
        Instant now = clock.instant();
        Optional<RunPlan> plan = plans.load(run);
        boolean started = RunStateMachine.hasStarted(run);
        if (plan.isEmpty() && started) {
            return apply(run, context, fresh -> RunStateMachine.planImpossible(fresh, RunConditions.Reason.PlanLost,
                    "The plan ConfigMap " + KubernetesNames.planConfigMapName(run.getMetadata().getName())
                            + " of this run was deleted; the run cannot go on", now), null, null);
        }
        if (plan.isEmpty() && run.getSpec().cancelRequested()) {
            return apply(run, context, fresh -> RunStateMachine.cancelBeforePlan(fresh, now), null, null);
        }
        if (plan.isEmpty()) {
            Workspace workspace = workspaceOf(run);
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
                return apply(run, context, fresh -> RunStateMachine.planImpossible(fresh, impossible.reason(),
                        impossible.message(), now), null, null);
            }
            plan = Optional.of(plans.freeze(run, (PlanOutcome.Planned) outcome));
        }
        RunPlan frozen = plan.get();
        Map<String, JobObservation> jobs = observeJobs(context);
        return apply(run, context, fresh -> RunStateMachine.decide(new RunInput(fresh, frozen, jobs,
                PromptAnswers.of(fresh.getMetadata().getAnnotations()), now, config.imagePullGracePeriod(),
                () -> UUID.randomUUID().toString())), frozen, jobs);
    }

    /**
     * A reconcile failed (the API server refused a write, say): tell the run's readers with a Warning event,
     * at the first failure and then ever more rarely (attempts 1, 2, 4, 8...), while JOSDK retries.
     */
    @Override
    public ErrorStatusUpdateControl<WorkflowRun> updateErrorStatus(WorkflowRun run, Context<WorkflowRun> context,
            Exception e) {
        metrics.reconcileFailed();
        int attempt = context.getRetryInfo().map(RetryInfo::getAttemptCount).orElse(1);
        if (Integer.bitCount(Math.max(attempt, 1)) == 1) {
            String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            events.warning(run, EventReason.ReconcileFailed, "Could not make progress (attempt " + Math.max(attempt, 1)
                    + "): " + cause + "; retrying");
        }
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    private Workspace workspaceOf(WorkflowRun run) {
        String name = run.getSpec() == null ? null : run.getSpec().getWorkspace();
        if (name == null || name.isBlank()) {
            return null;
        }
        return client.resources(Workspace.class).inNamespace(run.getMetadata().getNamespace()).withName(name).get();
    }

    private static Map<String, JobObservation> observeJobs(Context<WorkflowRun> context) {
        List<Pod> pods = context.getSecondaryResources(Pod.class).stream().toList();
        Map<String, JobObservation> jobs = new HashMap<>();
        for (Job job : context.getSecondaryResources(Job.class)) {
            List<Pod> podsOfJob = pods.stream().filter(pod -> pod.getMetadata().getOwnerReferences().stream()
                    .anyMatch(ref -> "Job".equals(ref.getKind()) && job.getMetadata().getName().equals(ref.getName())))
                    .toList();
            jobs.put(job.getMetadata().getName(), JobOutcomeReader.read(job, podsOfJob));
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
        Optional<JobObservation> rejectedJob = Optional.empty();
        for (Decision.JobAction action : decision.jobActions()) {
            if (action instanceof Decision.CreateJob create) {
                rejectedJob = createJob(written, plan, create);
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
        if (rejectedJob.isPresent() && observedJobs != null) {
            // the API server will never take this Job: the step fails, as a failed Job would
            observedJobs.put(rejectedJob.get().jobName(), rejectedJob.get());
            return apply(written, context, decide, plan, observedJobs);
        }
        UpdateControl<WorkflowRun> control = UpdateControl.noUpdate();
        return decision.requeueAfter() == null ? control : control.rescheduleAfter(decision.requeueAfter());
    }

    /** Creates the step's Job; "already exists" is success. Returns a failed observation if it is invalid. */
    private Optional<JobObservation> createJob(WorkflowRun run, RunPlan plan, Decision.CreateJob create) {
        Job job = JobFactory.build(run, plan, plan.steps().get(create.position()), create.transaction());
        return stepJobs.create(job).map(reason -> new JobObservation(create.jobName(), create.transaction(),
                clock.instant(), JobObservation.State.Failed, null,
                "the API server rejected the step's Job: " + reason, null, clock.instant(), null));
    }
}
