package io.polycrate.operator.api.v1alpha1;

/** Condition types and reasons of a Workspace. */
public final class WorkspaceConditions {
    public static final String READY = "Ready";

    private WorkspaceConditions() {
    }

    /** Why a Workspace is or is not ready. */
    public enum Reason {
        /** Every check passed. */
        Valid,
        /** The spec has problems; the message lists every one with its path. */
        InvalidSpec
    }
}
