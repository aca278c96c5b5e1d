package io.polycrate.operator.e2e;

/**
 * Where an example's Workspace comes from: written by hand as manifests (examples/*.yaml, examples/reference), or
 * imported with `kubectl polycrate import` from the same workspace written as a Polycrate workspace
 * (examples/polycrate). The tests run the same assertions on both: the import keeps what the workspace does.
 */
enum WorkspaceSource {
    HAND_WRITTEN,
    IMPORTED
}
