package io.polycrate.operator.api.v1alpha1;

/** Where a WorkflowRun stands. */
public enum RunPhase {
    Pending,
    Running,
    AwaitingApproval,
    Succeeded,
    Failed,
    Cancelled;

    public boolean isFinished() {
        return this == Succeeded || this == Failed || this == Cancelled;
    }
}
