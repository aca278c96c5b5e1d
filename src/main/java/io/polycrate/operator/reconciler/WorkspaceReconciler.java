package io.polycrate.operator.reconciler;

import java.time.Clock;
import java.util.List;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceConditions;
import io.polycrate.operator.api.v1alpha1.WorkspaceStatus;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.events.EventRecorder;
import io.polycrate.operator.status.ConditionStatus;
import io.polycrate.operator.status.Conditions;
import io.polycrate.operator.status.StatusComparison;
import io.polycrate.operator.status.WorkspaceStatusFactory;
import io.polycrate.operator.workspace.SpecProblem;
import io.polycrate.operator.workspace.WorkspaceValidator;

/** Validates a Workspace and reports the result in its status: observe, decide, write, tell. */
@ControllerConfiguration(name = WorkspaceReconciler.NAME)
public class WorkspaceReconciler implements Reconciler<Workspace> {
    public static final String NAME = "workspace";

    private final EventRecorder events;
    private final Clock clock;

    public WorkspaceReconciler(EventRecorder events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    @Override
    public UpdateControl<Workspace> reconcile(Workspace workspace, Context<Workspace> context) {
        WorkspaceStatus before = workspace.getStatus();
        WorkspaceStatus desired = desiredStatus(workspace);
        if (StatusComparison.sameJson(before, desired)) {
            return UpdateControl.noUpdate();
        }
        // PUT with the observed resourceVersion; on a conflict the fresh Workspace is validated again, so a
        // stale validation never overwrites a newer one
        Workspace written = PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(workspace, context, fresh -> {
            fresh.setStatus(fresh == workspace ? desired : desiredStatus(fresh));
            return fresh;
        });
        announce(written, before, written.getStatus());
        return UpdateControl.noUpdate();
    }

    private WorkspaceStatus desiredStatus(Workspace workspace) {
        List<SpecProblem> problems = WorkspaceValidator.validate(workspace.getSpec());
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
