package io.polycrate.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.polycrate.operator.api.v1alpha1.RunHistory;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunStatus;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;

class RunRetentionTest {

    private static Workspace workspace(Integer succeeded, Integer failed) {
        Workspace workspace = new Workspace();
        workspace.getMetadata().setName("ws");
        workspace.getMetadata().setNamespace("ns");
        WorkspaceSpec spec = new WorkspaceSpec();
        spec.setRunHistory(succeeded == null && failed == null ? null : new RunHistory(succeeded, failed));
        workspace.setSpec(spec);
        return workspace;
    }

    /** A run of workspace "ws" created at 10:00:{created}, finished at 10:{completed}:00 (null: no time). */
    private static WorkflowRun run(String name, RunPhase phase, Integer completed, int created) {
        WorkflowRun run = RunFixtures.run();
        run.getMetadata().setName(name);
        run.getMetadata().setCreationTimestamp("2026-01-30T10:00:%02dZ".formatted(created));
        WorkflowRunStatus status = new WorkflowRunStatus();
        status.setPhase(phase);
        if (completed != null) {
            status.setCompletionTime("2026-01-30T10:%02d:00Z".formatted(completed));
        }
        run.setStatus(status);
        return run;
    }

    private static List<String> toDelete(Workspace workspace, WorkflowRun... runs) {
        return RunRetention.toDelete(workspace, List.of(runs)).stream().map(r -> r.getMetadata().getName()).toList();
    }

    @Test
    void withoutRunHistoryEveryRunIsKept() {
        WorkflowRun[] runs = IntStream.range(0, 30)
                .mapToObj(i -> run("r" + i, i % 2 == 0 ? RunPhase.Succeeded : RunPhase.Failed, i, i))
                .toArray(WorkflowRun[]::new);

        assertThat(toDelete(workspace(null, null), runs)).isEmpty();
        Workspace withoutSpec = workspace(null, null);
        withoutSpec.setSpec(null);
        assertThat(toDelete(withoutSpec, runs)).isEmpty();
    }

    @Test
    void theOldestBeyondEachLimitAreDeletedOldestFirst() {
        List<String> deleted = toDelete(workspace(2, 1),
                run("s1", RunPhase.Succeeded, 1, 1),
                run("f1", RunPhase.Failed, 2, 2),
                run("s2", RunPhase.Succeeded, 3, 3),
                run("f2", RunPhase.Failed, 4, 4),
                run("s3", RunPhase.Succeeded, 5, 5),
                run("s4", RunPhase.Succeeded, 6, 6),
                run("f3", RunPhase.Failed, 7, 7));

        assertThat(deleted).containsExactly("s1", "f1", "s2", "f2");
    }

    @Test
    void anAbsentLimitKeepsAllRunsOfItsKind() {
        WorkflowRun[] runs = {run("s1", RunPhase.Succeeded, 1, 1), run("f1", RunPhase.Failed, 2, 2),
                run("s2", RunPhase.Succeeded, 3, 3), run("c1", RunPhase.Cancelled, 4, 4)};

        assertThat(toDelete(workspace(1, null), runs)).containsExactly("s1");
        assertThat(toDelete(workspace(null, 1), runs)).containsExactly("f1");
    }

    @Test
    void limitZeroDeletesEveryFinishedRunOfItsKindButNoUnfinishedOne() {
        List<String> deleted = toDelete(workspace(0, 0),
                run("s1", RunPhase.Succeeded, 1, 1),
                run("pending", RunPhase.Pending, null, 2),
                run("running", RunPhase.Running, null, 3),
                run("waiting", RunPhase.AwaitingApproval, null, 4),
                run("f1", RunPhase.Failed, 5, 5),
                run("c1", RunPhase.Cancelled, 6, 6));

        assertThat(deleted).containsExactly("s1", "f1", "c1");
    }

    @Test
    void runsNotYetSeenByTheOperatorAreNeverDeleted() {
        WorkflowRun noStatus = run("fresh", RunPhase.Succeeded, null, 1);
        noStatus.setStatus(null);
        WorkflowRun noPhase = run("unphased", RunPhase.Succeeded, null, 2);
        noPhase.getStatus().setPhase(null);

        assertThat(toDelete(workspace(0, 0), noStatus, noPhase)).isEmpty();
    }

    @Test
    void cancelledRunsCountAsFailed() {
        WorkflowRun[] runs = {run("f-old", RunPhase.Failed, 1, 1), run("c-mid", RunPhase.Cancelled, 2, 2),
                run("s-old", RunPhase.Succeeded, 3, 3), run("c-new", RunPhase.Cancelled, 4, 4)};

        assertThat(toDelete(workspace(5, 1), runs)).containsExactly("f-old", "c-mid");
        assertThat(toDelete(workspace(5, 2), runs)).containsExactly("f-old");
    }

    @Test
    void aRunThatSucceededWithToleratedFailuresCountsAsSucceeded() {
        WorkflowRun tolerated = run("tolerated", RunPhase.Succeeded, 1, 1);
        tolerated.getStatus().getConditions().add(new Condition(null, "", null, "CompletedWithFailures", "False",
                "Succeeded"));

        assertThat(toDelete(workspace(1, 5), tolerated, run("s2", RunPhase.Succeeded, 2, 2)))
                .containsExactly("tolerated");
        assertThat(toDelete(workspace(5, 0), tolerated)).isEmpty();
    }

    @Test
    void completionTimeDecidesAgeNotCreationTime() {
        // created first, finished last: the newest
        WorkflowRun slow = run("slow", RunPhase.Succeeded, 9, 1);
        WorkflowRun quick = run("quick", RunPhase.Succeeded, 2, 5);

        assertThat(toDelete(workspace(1, 1), slow, quick)).containsExactly("quick");
    }

    @Test
    void tiesOnCompletionTimeGoByCreationTimeThenName() {
        WorkflowRun b = run("b", RunPhase.Succeeded, 3, 1);
        WorkflowRun a = run("a", RunPhase.Succeeded, 3, 2);
        WorkflowRun c = run("c", RunPhase.Succeeded, 3, 2);
        WorkflowRun d = run("d", RunPhase.Succeeded, 3, 2);

        assertThat(toDelete(workspace(2, 0), d, c, b, a)).containsExactly("b", "a");
        assertThat(toDelete(workspace(1, 0), a, b, c, d)).containsExactly("b", "a", "c");
    }

    @Test
    void aFinishedRunWithoutAReadableCompletionTimeCountsAsOldest() {
        WorkflowRun missing = run("missing", RunPhase.Failed, null, 9);
        WorkflowRun garbled = run("garbled", RunPhase.Failed, null, 8);
        garbled.getStatus().setCompletionTime("yesterday");
        WorkflowRun dated = run("dated", RunPhase.Failed, 1, 1);

        assertThat(toDelete(workspace(null, 1), dated, missing, garbled)).containsExactly("garbled", "missing");
    }

    @Test
    void runsOfOtherWorkspacesOrNamespacesOrWithoutSpecAreNeverCountedNorDeleted() {
        WorkflowRun elsewhere = run("elsewhere", RunPhase.Succeeded, 1, 1);
        elsewhere.getSpec().setWorkspace("other");
        WorkflowRun otherNamespace = run("other-ns", RunPhase.Succeeded, 2, 2);
        otherNamespace.getMetadata().setNamespace("team-b");
        WorkflowRun noSpec = run("no-spec", RunPhase.Failed, 3, 3);
        noSpec.setSpec(null);
        WorkflowRun mine = run("mine", RunPhase.Succeeded, 4, 4);

        assertThat(toDelete(workspace(1, 0), elsewhere, otherNamespace, noSpec, mine)).isEmpty();
        assertThat(toDelete(workspace(0, 0), elsewhere, otherNamespace, noSpec, mine)).containsExactly("mine");
    }

    @Test
    void runsAlreadyBeingDeletedNeitherCountNorAreChosenAgain() {
        WorkflowRun going = run("going", RunPhase.Succeeded, 5, 5);
        going.getMetadata().setDeletionTimestamp("2026-01-30T11:00:00Z");

        assertThat(toDelete(workspace(1, 0), run("s1", RunPhase.Succeeded, 1, 1), run("s2", RunPhase.Succeeded, 2, 2),
                going)).containsExactly("s1");
    }

    @Test
    void aNegativeLimitKeepsAllOfItsKind() {
        WorkflowRun[] runs = {run("s1", RunPhase.Succeeded, 1, 1), run("f1", RunPhase.Failed, 2, 2),
                run("f2", RunPhase.Failed, 3, 3)};

        assertThat(toDelete(workspace(-1, 1), runs)).containsExactly("f1");
        assertThat(toDelete(workspace(0, -3), runs)).containsExactly("s1");
    }

    @Test
    void withinTheLimitsNothingIsDeleted() {
        assertThat(toDelete(workspace(2, 2), run("s1", RunPhase.Succeeded, 1, 1), run("s2", RunPhase.Succeeded, 2, 2),
                run("f1", RunPhase.Failed, 3, 3), run("c1", RunPhase.Cancelled, 4, 4))).isEmpty();
        assertThat(toDelete(workspace(0, 0))).isEmpty();
    }

    @Test
    void theEventNamesTheDeletedRunsAndTheLimits() {
        assertThat(RunRetention.eventMessage(new RunHistory(1, null), List.of("deploy-a")))
                .isEqualTo("Deleted 1 finished run beyond spec.runHistory (succeeded: 1, failed: unlimited), "
                        + "oldest first: deploy-a");
        assertThat(RunRetention.eventMessage(new RunHistory(0, 3), List.of("a", "b")))
                .isEqualTo("Deleted 2 finished runs beyond spec.runHistory (succeeded: 0, failed: 3), "
                        + "oldest first: a, b");
    }

    @Test
    void theEventNamesAtMostTwentyRunsAndCountsTheRest() {
        List<String> names = IntStream.range(0, 25).mapToObj(i -> "run-" + i).toList();

        String message = RunRetention.eventMessage(new RunHistory(0, 0), names);

        assertThat(message).startsWith("Deleted 25 finished runs beyond spec.runHistory (succeeded: 0, failed: 0), "
                + "oldest first: run-0, run-1, ").endsWith(", run-19 and 5 more");
    }
}
