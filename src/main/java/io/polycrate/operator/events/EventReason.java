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
    ReconcileFailed
}
