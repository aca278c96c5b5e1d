package io.polycrate.operator.reconciler;

import java.util.List;
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

    /** The runs of a workspace, as the WorkflowRun controller's cache holds them. */
    List<WorkflowRun> runsOf(String namespace, String workspace) {
        return runsInNamespace.apply(namespace)
                .filter(run -> run.getSpec() != null && workspace.equals(run.getSpec().getWorkspace())).toList();
    }

    /** {@code run} has just finished (its status saying so is written): wake its Workspace and its queue. */
    void finished(WorkflowRun run) {
        if (run.getSpec() == null || run.getSpec().getWorkspace() == null) {
            return;
        }
        String namespace = run.getMetadata().getNamespace();
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
