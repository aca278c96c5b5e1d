package io.polycrate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.polycrate.operator.api.v1alpha1.RunHistory;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunSpec;
import io.polycrate.operator.api.v1alpha1.WorkflowRunStatus;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;
import io.polycrate.operator.workflow.RunRetention;

/** Retention reads runs from an informer that keeps {@link CachedShapes#runSummary}: it decides the same there. */
class RetentionOnCachedRunsTest {

    private static WorkflowRun run(int i, RunPhase phase, Integer completedMinute) {
        WorkflowRun run = new WorkflowRun();
        run.setMetadata(new ObjectMetaBuilder().withName("r" + i).withNamespace("ns").withUid("uid-" + i)
                .withResourceVersion(Integer.toString(100 + i))
                .withCreationTimestamp("2026-01-30T10:00:%02dZ".formatted(i % 5))
                .addToLabels("team", "a").addNewManagedField().withManager("kubectl").endManagedField().build());
        WorkflowRunSpec spec = new WorkflowRunSpec();
        spec.setWorkspace(i % 7 == 0 ? "other" : "ws");
        spec.setWorkflow("deploy");
        run.setSpec(spec);
        WorkflowRunStatus status = new WorkflowRunStatus();
        status.setPhase(phase);
        status.setCompletionTime(completedMinute == null ? null : "2026-01-30T10:%02d:00Z".formatted(completedMinute));
        status.setMessage("what happened");
        status.getSteps().add(new StepStatus("one", "block", "one"));
        run.setStatus(status);
        return run;
    }

    @Test
    void theSummaryKeepsWhatRetentionReads() {
        WorkflowRun full = run(3, RunPhase.Failed, 9);
        full.getMetadata().setDeletionTimestamp("2026-01-30T11:00:00Z");

        WorkflowRun summary = CachedShapes.runSummary(full);

        assertThat(summary.getMetadata().getName()).isEqualTo("r3");
        assertThat(summary.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(summary.getMetadata().getResourceVersion()).isEqualTo("103");
        assertThat(summary.getMetadata().getCreationTimestamp()).isEqualTo("2026-01-30T10:00:03Z");
        assertThat(summary.getMetadata().getDeletionTimestamp()).isEqualTo("2026-01-30T11:00:00Z");
        assertThat(summary.getSpec().getWorkspace()).isEqualTo("ws");
        assertThat(summary.getStatus().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(summary.getStatus().getCompletionTime()).isEqualTo("2026-01-30T10:09:00Z");
        assertThat(summary.getStatus().getSteps()).isEmpty();
    }

    @Test
    void retentionDecidesTheSameOnSummariesAsOnWholeRuns() {
        List<WorkflowRun> runs = new ArrayList<>();
        RunPhase[] phases = RunPhase.values();
        for (int i = 0; i < 30; i++) {
            runs.add(run(i, phases[i % phases.length], i % 4 == 0 ? null : (i * 7) % 11));
        }
        Workspace workspace = new Workspace();
        workspace.setMetadata(new ObjectMetaBuilder().withName("ws").withNamespace("ns").build());
        workspace.setSpec(new WorkspaceSpec());
        workspace.getSpec().setRunHistory(new RunHistory(2, 1));

        List<String> fromWholeRuns = names(RunRetention.toDelete(workspace, runs));
        List<String> fromSummaries = names(RunRetention.toDelete(workspace,
                runs.stream().map(CachedShapes::runSummary).toList()));

        assertThat(fromWholeRuns).isNotEmpty();
        assertThat(fromSummaries).containsExactlyElementsOf(fromWholeRuns);
    }

    private static List<String> names(List<WorkflowRun> runs) {
        return runs.stream().map(r -> r.getMetadata().getName()).toList();
    }
}
