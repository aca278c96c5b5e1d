package io.polycrate.operator.reconciler;

import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;

/** The WorkflowRun cache of the reconciler: whole runs without their managed fields ({@link CachedShapes#run}). */
public class RunCacheStore extends TransformingItemStore<WorkflowRun> {
    public RunCacheStore() {
        super(CachedShapes::run);
    }
}
