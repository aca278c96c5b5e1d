package io.polycrate.operator.reconciler;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extension.ExtensibleResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceConditions;
import io.polycrate.operator.api.v1alpha1.WorkspaceStatus;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.events.EventRecorder;
import io.polycrate.operator.status.ConditionStatus;
import io.polycrate.operator.status.Conditions;
import io.polycrate.operator.status.StatusComparison;
import io.polycrate.operator.status.WorkspaceStatusFactory;
import io.polycrate.operator.workflow.RunRetention;
import io.polycrate.operator.workspace.SpecProblem;
import io.polycrate.operator.workspace.WorkspaceValidator;

/**
 * Validates a Workspace and reports the result in its status, then deletes its finished runs beyond
 * {@code spec.runHistory}: observe, decide, write, tell.
 */
@ControllerConfiguration(name = WorkspaceReconciler.NAME)
public class WorkspaceReconciler implements Reconciler<Workspace> {
    public static final String NAME = "workspace";
    private static final Logger LOG = Logger.getLogger(WorkspaceReconciler.class);
    /** How long to wait before deciding again when a run changed after the cache saw it. */
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final EventRecorder events;
    private final Clock clock;
    private final FinishedRuns finishedRuns;

    public WorkspaceReconciler(KubernetesClient client, EventRecorder events, Clock clock, FinishedRuns finishedRuns) {
        this.finishedRuns = finishedRuns;
        this.client = client;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, Workspace>> prepareEventSources(EventSourceContext<Workspace> context) {
        // a run that has just finished may put older ones of its workspace beyond spec.runHistory: the WorkflowRun
        // controller says so (FinishedRuns), and retention reads the runs from its cache
        return List.of(finishedRuns.workspaceWakeups());
    }

    @Override
    public UpdateControl<Workspace> reconcile(Workspace workspace, Context<Workspace> context) {
        Workspace current = recordValidation(workspace, context);
        return pruneRunHistory(current, finishedRuns.runsOf(current.getMetadata().getNamespace(),
                current.getMetadata().getName()));
    }

    private Workspace recordValidation(Workspace workspace, Context<Workspace> context) {
        WorkspaceStatus before = workspace.getStatus();
        WorkspaceStatus desired = desiredStatus(workspace);
        if (StatusComparison.sameJson(before, desired)) {
            return workspace;
        }
        // PUT with the observed resourceVersion; on a conflict the fresh Workspace is validated again, so a
        // stale validation never overwrites a newer one
        Workspace written = PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(workspace, context, fresh -> {
            fresh.setStatus(fresh == workspace ? desired : desiredStatus(fresh));
            return fresh;
        });
        announce(written, before, written.getStatus());
        return written;
    }

    /** Deletes (in the background: Jobs, pods and plan go with each run) the runs retention chooses; one event. */
    private UpdateControl<Workspace> pruneRunHistory(Workspace workspace, Collection<WorkflowRun> runs) {
        List<WorkflowRun> beyond = RunRetention.toDelete(workspace, runs);
        List<String> deleted = new ArrayList<>();
        boolean changed = false;
        try {
            for (WorkflowRun run : beyond) {
                try {
                    if (deleteAsCached(run)) {
                        deleted.add(run.getMetadata().getName());
                    }
                } catch (KubernetesClientException e) {
                    if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                        throw e;
                    }
                    LOG.debugf("Run %s/%s changed since it was cached; retention decides again",
                            run.getMetadata().getNamespace(), run.getMetadata().getName());
                    changed = true;
                }
            }
        } finally {
            if (!deleted.isEmpty()) {
                events.normal(workspace, EventReason.RunPruned,
                        RunRetention.eventMessage(workspace.getSpec().getRunHistory(), deleted));
            }
        }
        return changed ? UpdateControl.<Workspace>noUpdate().rescheduleAfter(RECHECK) : UpdateControl.noUpdate();
    }

    /**
     * Deletes the run only as the cache saw it (a resourceVersion precondition: never a run created again under
     * its name since, nor one that changed), with background propagation. False if it was gone already.
     */
    @SuppressWarnings("unchecked")
    private boolean deleteAsCached(WorkflowRun run) {
        // the client's resources are ExtensibleResources, on which a lock and a propagation policy combine (the
        // narrowed Resource interface offers one or the other)
        var resource = (ExtensibleResource<WorkflowRun>) client.resources(WorkflowRun.class)
                .inNamespace(run.getMetadata().getNamespace()).withName(run.getMetadata().getName());
        return !resource.lockResourceVersion(run.getMetadata().getResourceVersion())
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete().isEmpty();
    }

    private WorkspaceStatus desiredStatus(Workspace workspace) {
        List<SpecProblem> problems = WorkspaceValidator.validate(workspace.getMetadata().getName(),
                workspace.getSpec());
        return WorkspaceStatusFactory.desired(workspace, problems, clock.instant());
    }

    private void announce(Workspace workspace, WorkspaceStatus before, WorkspaceStatus after) {
        var was = Conditions.find(before == null ? null : before.getConditions(), WorkspaceConditions.READY);
        var now = Conditions.find(after.getConditions(), WorkspaceConditions.READY).orElseThrow();
        boolean changed = was.isEmpty() || !was.get().getStatus().equals(now.getStatus())
                || !was.get().getMessage().equals(now.getMessage());
        if (!changed) {
            return;
        }
        if (ConditionStatus.True.is(now.getStatus())) {
            events.normal(workspace, EventReason.WorkspaceReady, now.getMessage());
        } else {
            events.warning(workspace, EventReason.InvalidSpec, now.getMessage());
        }
    }
}
