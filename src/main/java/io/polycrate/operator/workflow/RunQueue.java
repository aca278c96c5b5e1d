package io.polycrate.operator.workflow;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.polycrate.operator.api.v1alpha1.Concurrency;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.Workspace;

/**
 * The FIFO queue of a Workspace with {@code concurrency: Serial}: one run at a time, in creation order.
 * Pure code over the runs the operator's cache holds.
 */
public final class RunQueue {
    /** Creation order: creation time, then name (creation times have whole seconds). */
    private static final Comparator<WorkflowRun> CREATION_ORDER = Comparator
            .comparing((WorkflowRun r) -> Objects.requireNonNullElse(r.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(r -> r.getMetadata().getName());

    private RunQueue() {
    }

    /**
     * The run ahead of {@code run} in its workspace's queue, when the workspace runs one run at a time
     * ({@code concurrency: Serial}); empty when there is no such queue or {@code run} may start now.
     */
    public static Optional<WorkflowRun> runAhead(WorkflowRun run, Workspace workspace,
            List<WorkflowRun> runsInNamespace) {
        if (workspace == null || workspace.getSpec() == null
                || workspace.getSpec().getConcurrency() != Concurrency.Serial) {
            return Optional.empty();
        }
        return runAhead(run, runsInNamespace);
    }

    /**
     * The run that must finish before {@code run} may start: a started run of the same workspace, else the
     * first unstarted run created before it. Empty when {@code run} may start now.
     */
    public static Optional<WorkflowRun> runAhead(WorkflowRun run, List<WorkflowRun> runsInNamespace) {
        List<WorkflowRun> sameWorkspace = runsInNamespace.stream()
                .filter(other -> !other.getMetadata().getName().equals(run.getMetadata().getName()))
                .filter(other -> other.getSpec() != null
                        && Objects.equals(other.getSpec().getWorkspace(), run.getSpec().getWorkspace()))
                .filter(other -> !RunStateMachine.hasFinished(other))
                .toList();
        Optional<WorkflowRun> started = sameWorkspace.stream().filter(RunStateMachine::hasStarted).findFirst();
        if (started.isPresent()) {
            return started;
        }
        return sameWorkspace.stream()
                .filter(other -> CREATION_ORDER.compare(other, run) < 0)
                .min(CREATION_ORDER);
    }
}
