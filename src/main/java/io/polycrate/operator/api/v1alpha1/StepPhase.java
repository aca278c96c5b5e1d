package io.polycrate.operator.api.v1alpha1;

/** Where one step (one transaction) of a run stands. */
public enum StepPhase {
    Pending,
    AwaitingApproval,
    Running,
    Succeeded,
    Failed,
    Rejected,
    Skipped,
    Cancelled;

    public boolean isFinished() {
        return this == Succeeded || this == Failed || this == Rejected || this == Skipped || this == Cancelled;
    }

    public boolean isFailure() {
        return this == Failed || this == Rejected;
    }
}
