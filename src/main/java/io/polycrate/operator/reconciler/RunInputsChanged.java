package io.polycrate.operator.reconciler;

import java.util.Objects;

import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;

/**
 * Which updates of a WorkflowRun wake its reconcile: those that change what the decider reads from it — spec,
 * annotations (the prompt answers), labels, deletion — or that take its status away (a restore without status).
 * Not the run's own status writes coming back through the informer: only the operator writes status, and it has
 * already acted on what it wrote.
 */
public class RunInputsChanged implements OnUpdateFilter<WorkflowRun> {
    @Override
    public boolean accept(WorkflowRun updated, WorkflowRun old) {
        if (old == null || updated.getMetadata() == null || old.getMetadata() == null) {
            return true;
        }
        // the API server counts spec changes in metadata.generation (status is a subresource)
        return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
                || !Objects.equals(updated.getMetadata().getAnnotations(), old.getMetadata().getAnnotations())
                || !Objects.equals(updated.getMetadata().getLabels(), old.getMetadata().getLabels())
                || !Objects.equals(updated.getMetadata().getDeletionTimestamp(),
                        old.getMetadata().getDeletionTimestamp())
                || recorded(updated) != recorded(old);
    }

    private static boolean recorded(WorkflowRun run) {
        return run.getStatus() != null && run.getStatus().getPhase() != null;
    }
}
