package io.polycrate.operator.api.v1alpha1;

/** Condition types and reasons of a WorkflowRun. */
public final class RunConditions {
    /** Unknown while the run goes on; True or False once it finished. */
    public static final String SUCCEEDED = "Succeeded";
    /** True while a prompt waits for a person. */
    public static final String AWAITING_APPROVAL = "AwaitingApproval";

    private RunConditions() {
    }

    /** Reasons of the Succeeded condition. */
    public enum Reason {
        /** Status Unknown: the run has not started a step yet. */
        Pending,
        /** Status Unknown: a step runs. */
        Running,
        /** Status Unknown: a prompt waits. */
        AwaitingApproval,
        /** Status True: every step succeeded. */
        Succeeded,
        /** Status True: the workflow allows failure and some steps failed. */
        CompletedWithFailures,
        /** Status False: a step failed. */
        StepFailed,
        /** Status False: a prompt was rejected. */
        PromptRejected,
        /** Status False: a prompt was not answered within spec.approvalTimeoutSeconds. */
        ApprovalTimeout,
        /** Status False: spec.cancel stopped the run. */
        Cancelled,
        /** Status False: spec.workspace names no Workspace. */
        WorkspaceNotFound,
        /** Status False: the Workspace is invalid. */
        InvalidWorkspace,
        /** Status False: spec.workflow names no workflow of the Workspace. */
        WorkflowNotFound,
        /** Status False: spec.step names no step of the workflow. */
        StepNotFound,
        /** Status False: spec.action names no block or action. */
        ActionNotFound,
        /** Status False: the run's spec makes no sense (e.g. neither workflow nor action). */
        InvalidRun,
        /** Status False: the run's frozen plan was deleted while it ran. */
        PlanLost
    }

    /** Reasons of the AwaitingApproval condition. */
    public enum PromptReason {
        /** A prompt waits; the message is the prompt's question. */
        PromptWaiting,
        /** No prompt waits. */
        NoPromptWaiting
    }
}
