package io.polycrate.operator.events;

/** Reasons of the Kubernetes Events the operator emits. */
public enum EventReason {
    WorkspaceReady,
    InvalidSpec,
    RunQueued,
    RunWaiting,
    NameConflict,
    RunStarted,
    StepStarted,
    StepSucceeded,
    StepFailed,
    PromptWaiting,
    PromptApproved,
    PromptRejected,
    ApprovalIgnored,
    RunSucceeded,
    RunFailed,
    RunCancelled,
    /** On a Workspace: finished runs beyond its spec.runHistory were deleted (one event names them all). */
    RunPruned,
    /** On a run: webhook documents of it could not be delivered (rate-limited: not one event per attempt). */
    WebhookFailed,
    ReconcileFailed
}
