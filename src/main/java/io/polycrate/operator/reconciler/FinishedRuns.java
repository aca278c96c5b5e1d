package io.polycrate.operator.reconciler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.workflow.RunStateMachine;

/**
 * What the WorkflowRun controller tells others, in this process, about the runs it holds: which run has just
 * finished (it writes that status itself) and which runs there are (its cache). A finished run wakes its
 * Workspace (retention) and the runs queued behind it; no second watch of every run's every change is needed for
 * either (each watch parses every status write of every run again).
 */
@ApplicationScoped
public class FinishedRuns {
    private volatile Function<String, Stream<WorkflowRun>> runsInNamespace = namespace -> Stream.empty();
    private volatile SimpleInboundEventSource<Workspace> workspaces;
    private volatile SimpleInboundEventSource<WorkflowRun> queued;
    /**
     * Runs whose finished status is written but may not be in the cache yet (the informer's event comes a moment
     * later): who reads the runs on the wake-up sees them finished. Each leaves when the cache has caught up, or
     * when the run is gone from it.
     */
    private final Map<ResourceID, WorkflowRun> justFinished = new ConcurrentHashMap<>();

    /** The WorkflowRun controller's cache, by namespace. */
    void readRunsFrom(Function<String, Stream<WorkflowRun>> runsInNamespace) {
        this.runsInNamespace = runsInNamespace;
    }

    /** Where a finished run wakes its Workspace. */
    SimpleInboundEventSource<Workspace> workspaceWakeups() {
        workspaces = new SimpleInboundEventSource<>("finished-runs");
        return workspaces;
    }

    /** Where a finished run wakes the runs queued behind it. */
    SimpleInboundEventSource<WorkflowRun> queueWakeups() {
        queued = new SimpleInboundEventSource<>("queue-wakeups");
        return queued;
    }

    /** The runs of a workspace, as the WorkflowRun controller's cache holds them (with just finished ones). */
    List<WorkflowRun> runsOf(String namespace, String workspace) {
        return runsIn(namespace).stream()
                .filter(run -> run.getSpec() != null && workspace.equals(run.getSpec().getWorkspace())).toList();
    }

    /** The runs of a namespace, as the WorkflowRun controller's cache holds them (with just finished ones). */
    List<WorkflowRun> runsIn(String namespace) {
        List<WorkflowRun> cached = runsInNamespace.apply(namespace).toList();
        if (justFinished.isEmpty()) {
            return cached;
        }
        Set<ResourceID> present = new HashSet<>();
        List<WorkflowRun> runs = new ArrayList<>(cached.size());
        for (WorkflowRun run : cached) {
            ResourceID id = ResourceID.fromResource(run);
            present.add(id);
            WorkflowRun finished = justFinished.get(id);
            if (finished != null && RunStateMachine.hasFinished(run)) {
                justFinished.remove(id, finished);
                finished = null;
            }
            runs.add(finished != null ? finished : run);
        }
        justFinished.keySet().removeIf(id -> namespace.equals(id.getNamespace().orElse(null)) && !present.contains(id));
        return runs;
    }

    /** {@code run} has just finished (its status saying so is written): wake its Workspace and its queue. */
    void finished(WorkflowRun run) {
        if (run.getSpec() == null || run.getSpec().getWorkspace() == null) {
            return;
        }
        String namespace = run.getMetadata().getNamespace();
        justFinished.put(ResourceID.fromResource(run), run);
        if (workspaces != null) {
            workspaces.propagateEvent(new ResourceID(run.getSpec().getWorkspace(), namespace));
        }
        if (queued != null) {
            runsOf(namespace, run.getSpec().getWorkspace()).stream()
                    .filter(other -> !other.getMetadata().getName().equals(run.getMetadata().getName())
                            && !RunStateMachine.hasStarted(other) && !RunStateMachine.hasFinished(other))
                    .forEach(other -> queued.propagateEvent(ResourceID.fromResource(other)));
        }
    }
}
