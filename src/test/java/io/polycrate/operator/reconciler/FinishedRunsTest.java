package io.polycrate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunSpec;

class FinishedRunsTest {

    private static WorkflowRun run(String name, String workspace, RunPhase phase) {
        WorkflowRun run = new WorkflowRun();
        run.getMetadata().setName(name);
        run.getMetadata().setNamespace("ns");
        run.setSpec(new WorkflowRunSpec());
        run.getSpec().setWorkspace(workspace);
        run.getStatus().setPhase(phase);
        return run;
    }

    @Test
    void aRunJustWrittenFinishedIsSeenFinishedUntilTheCacheCatchesUpOrItIsGone() {
        List<WorkflowRun> cache = new ArrayList<>(List.of(run("a", "ws", RunPhase.Running),
                run("b", "ws", RunPhase.Pending), run("c", "other", RunPhase.Running)));
        FinishedRuns runs = new FinishedRuns();
        runs.readRunsFrom(namespace -> cache.stream().filter(r -> namespace.equals(r.getMetadata().getNamespace())));

        runs.finished(run("a", "ws", RunPhase.Succeeded));

        assertThat(runs.runsOf("ns", "ws")).extracting(r -> r.getMetadata().getName() + ":" + r.getStatus().getPhase())
                .containsExactly("a:Succeeded", "b:Pending");
        assertThat(runs.runsIn("other-namespace")).isEmpty();

        // the cache catches up: its copy is read from then on
        WorkflowRun cached = run("a", "ws", RunPhase.Succeeded);
        cached.getStatus().setMessage("from the cache");
        cache.set(0, cached);
        assertThat(runs.runsOf("ns", "ws").get(0).getStatus().getMessage()).isEqualTo("from the cache");
        cache.set(0, run("a", "ws", RunPhase.Running));
        assertThat(runs.runsOf("ns", "ws").get(0).getStatus().getPhase()).as("no longer overlaid")
                .isEqualTo(RunPhase.Running);

        // a run deleted before the cache saw it finish is not kept either
        runs.finished(run("b", "ws", RunPhase.Failed));
        cache.remove(1);
        assertThat(runs.runsOf("ns", "ws")).extracting(r -> r.getMetadata().getName()).containsExactly("a");
        cache.add(run("b", "ws", RunPhase.Pending));
        assertThat(runs.runsOf("ns", "ws")).extracting(r -> r.getStatus().getPhase())
                .containsExactly(RunPhase.Running, RunPhase.Pending);
    }
}
