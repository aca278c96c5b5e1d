package io.polycrate.operator.api.v1alpha1;

/** How runs of one workspace share time: all at once, or one after another in creation order. */
public enum Concurrency {
    Parallel,
    Serial
}
