package io.polycrate.operator.api.v1alpha1;

/** Condition types and reasons of a WorkflowRun. */
public final class RunConditions {
    /**
     * Unknown while the run goes on; once it finished, True only for a clean success (reason Succeeded), False for
     * every other end, also for reason CompletedWithFailures (phase Succeeded, some steps failed with allowFailure):
     * {@code kubectl wait --for=condition=Succeeded} waits for a clean success.
     */
    public static final String SUCCEEDED = "Succeeded";
    /**
     * False while the run goes on, True once it ended (phase Succeeded, Failed or Cancelled), whatever the outcome;
     * always with the reason and message of the Succeeded condition, so the two never disagree:
     * {@code kubectl wait --for=condition=Finished} returns for any outcome, and the reason tells which.
     */
    public static final String FINISHED = "Finished";
    /** True while a prompt waits for a person. */
    public static final String AWAITING_APPROVAL = "AwaitingApproval";
    /**
     * True while the operator cannot make progress on the run (the API server refuses or cannot be reached): the
     * message says why; False (reason Recovered) once a reconcile succeeds again.
     */
    public static final String RECONCILE_ERROR = "ReconcileError";

    private RunConditions() {
    }

    /**
     * Reasons of the Succeeded condition and of the Finished condition (the status below is Succeeded's; Finished is
     * False while Succeeded is Unknown, True once the run ended).
     */
    public enum Reason {
        /** Status Unknown: the run has not started a step yet. */
        Pending,
        /** Status Unknown: the run waits for its Workspace to be created (bounded by the operator's wait timeout). */
        WaitingForWorkspace,
        /** Unknown while the run waits for an object of its name that is not its own to go away; then False. */
        NameConflict,
        /** Status Unknown: a step runs. */
        Running,
        /** Status Unknown: a prompt waits. */
        AwaitingApproval,
        /** Status True: every step succeeded. */
        Succeeded,
        /**
         * Status False (phase Succeeded): the workflow allows failure and some steps failed or were rejected; the
         * message names each with its last line.
         */
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
        /** Status False: spec.fromStep names no step of the workflow. */
        FromStepNotFound,
        /** Status False: spec.action names no block or action. */
        ActionNotFound,
        /** Status False: the run's spec makes no sense (e.g. neither workflow nor action). */
        InvalidRun,
        /** Status False: the run's frozen plan was deleted while it ran. */
        PlanLost,
        /** Status False: the plan is larger than a ConfigMap can hold. */
        PlanTooLarge,
        /** Status False: the API server refused the plan's ConfigMap for another reason, which the message gives. */
        PlanRejected,
        /** Status False: the API server refused the run's artifacts PersistentVolumeClaim; the message says why. */
        ArtifactsVolumeRejected,
        /** Status False: the run's artifacts PersistentVolumeClaim was deleted while the run went on. */
        ArtifactsVolumeLost
    }

    /** Reasons of the ReconcileError condition. */
    public enum ErrorReason {
        /** The API server could not be reached. */
        ApiServerUnreachable,
        /** The operator's service account may not do what it needed (RBAC). */
        Forbidden,
        /** The API server refused a request (the message quotes its answer). */
        ApiServerRejected,
        /** The API server failed (5xx) or timed out. */
        ApiServerError,
        /** A fault in the operator; its log has the details. */
        InternalError,
        /** Status False: the last reconcile succeeded. */
        Recovered
    }

    /** Reasons of the AwaitingApproval condition. */
    public enum PromptReason {
        /** A prompt waits; the message is the prompt's question. */
        PromptWaiting,
        /** No prompt waits. */
        NoPromptWaiting
    }
}
