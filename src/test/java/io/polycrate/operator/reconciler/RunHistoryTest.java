package io.polycrate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.polycrate.operator.api.v1alpha1.RunHistory;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.testing.TestNamespace;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** spec.runHistory against the Fabric8 mock API server, with the operator running and Jobs simulated. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class RunHistoryTest {
    @Inject
    KubernetesClient client;

    private TestNamespace namespace;

    @BeforeEach
    void namespaceOfItsOwn(TestInfo test) {
        namespace = TestNamespace.of(client, test);
        namespace.steps().failing("bad", 2, "exit 2").holding("wait");
    }

    @AfterEach
    void stopRunningSteps() {
        namespace.close();
    }

    private Workspace createWorkspace(String name, RunHistory history) {
        Workspace workspace = client.getKubernetesSerialization()
                .unmarshal(getClass().getResourceAsStream("/workspaces/retention.yaml"), Workspace.class);
        workspace.getMetadata().setName(name);
        workspace.getSpec().setRunHistory(history);
        return client.resource(workspace).inNamespace(namespace.name()).create();
    }

    private void run(String name, String workspace, String workflow) {
        namespace.createRun(name, workspace, workflow, false);
    }

    private List<String> runs() {
        return client.resources(WorkflowRun.class).inNamespace(namespace.name()).list().getItems().stream()
                .map(r -> r.getMetadata().getName()).sorted().toList();
    }

    private List<String> prunedMessages(String workspace) {
        return namespace.eventsOf(workspace).stream().filter(e -> "RunPruned".equals(e.getReason()))
                .map(Event::getMessage).toList();
    }

    @Test
    void finishedRunsBeyondTheLimitsAreDeletedOldestFirstAndOthersAreKept() {
        createWorkspace("retention", new RunHistory(1, 1));
        createWorkspace("keep-all", null);
        run("other-1", "keep-all", "good");
        run("other-2", "keep-all", "bad");
        namespace.awaitPhase("other-1", RunPhase.Succeeded);
        namespace.awaitPhase("other-2", RunPhase.Failed);

        run("good-1", "retention", "good");
        namespace.awaitPhase("good-1", RunPhase.Succeeded);
        run("good-2", "retention", "good");
        namespace.awaitPhase("good-2", RunPhase.Succeeded);
        await().atMost(TestNamespace.WAIT).untilAsserted(() -> assertThat(runs()).doesNotContain("good-1"));

        run("held", "retention", "hold");
        await().atMost(TestNamespace.WAIT).untilAsserted(() -> assertThat(namespace.run("held").getStatus()
                .getPhase()).isEqualTo(RunPhase.Running));
        run("bad-1", "retention", "bad");
        namespace.awaitPhase("bad-1", RunPhase.Failed);
        run("bad-2", "retention", "bad");
        namespace.awaitPhase("bad-2", RunPhase.Failed);
        await().atMost(TestNamespace.WAIT).untilAsserted(() -> assertThat(runs()).doesNotContain("bad-1"));
        // the running run is never counted nor touched
        assertThat(runs()).containsExactly("bad-2", "good-2", "held", "other-1", "other-2");

        // completion times have whole seconds, and the older of two runs ending in the same second is the one
        // created first (held): let the cancel end in a later second than bad-2, so the cancelled run is the newer
        Instant bad2Completed = Instant.parse(namespace.run("bad-2").getStatus().getCompletionTime());
        await().atMost(TestNamespace.WAIT).until(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS)
                .isAfter(bad2Completed));
        WorkflowRun held = namespace.run("held");
        held.getSpec().setCancel(true);
        client.resource(held).update();
        namespace.awaitPhase("held", RunPhase.Cancelled);
        // cancelled counts as failed: the newer cancelled run pushes the failed one out
        await().atMost(TestNamespace.WAIT).untilAsserted(() -> assertThat(runs())
                .containsExactly("good-2", "held", "other-1", "other-2"));

        await().atMost(TestNamespace.WAIT).untilAsserted(() -> assertThat(prunedMessages("retention")).containsExactly(
                "Deleted 1 finished run beyond spec.runHistory (succeeded: 1, failed: 1), oldest first: good-1",
                "Deleted 1 finished run beyond spec.runHistory (succeeded: 1, failed: 1), oldest first: bad-1",
                "Deleted 1 finished run beyond spec.runHistory (succeeded: 1, failed: 1), oldest first: bad-2"));
        assertThat(prunedMessages("keep-all")).isEmpty();
    }

    @Test
    void settingRunHistoryOnAWorkspacePrunesItsFinishedRunsAtOnce() {
        createWorkspace("later", null);
        run("a-good", "later", "good");
        run("b-bad", "later", "bad");
        run("c-held", "later", "hold");
        namespace.awaitPhase("a-good", RunPhase.Succeeded);
        namespace.awaitPhase("b-bad", RunPhase.Failed);
        await().atMost(TestNamespace.WAIT).untilAsserted(() -> assertThat(namespace.run("c-held").getStatus()
                .getPhase()).isEqualTo(RunPhase.Running));
        assertThat(runs()).containsExactly("a-good", "b-bad", "c-held");

        Workspace workspace = client.resources(Workspace.class).inNamespace(namespace.name()).withName("later").get();
        workspace.getSpec().setRunHistory(new RunHistory(0, null));
        workspace.getMetadata().setGeneration(workspace.getMetadata().getGeneration() + 1); // the mock does not count
        client.resource(workspace).update();

        await().atMost(TestNamespace.WAIT).untilAsserted(() -> assertThat(runs()).containsExactly("b-bad", "c-held"));
        workspace = client.resources(Workspace.class).inNamespace(namespace.name()).withName("later").get();
        workspace.getSpec().setRunHistory(new RunHistory(0, 0));
        workspace.getMetadata().setGeneration(workspace.getMetadata().getGeneration() + 1);
        client.resource(workspace).update();

        await().atMost(TestNamespace.WAIT).untilAsserted(() -> assertThat(runs()).containsExactly("c-held"));
        await().atMost(TestNamespace.WAIT).untilAsserted(() -> assertThat(prunedMessages("later")).containsExactly(
                "Deleted 1 finished run beyond spec.runHistory (succeeded: 0, failed: unlimited), oldest first: a-good",
                "Deleted 1 finished run beyond spec.runHistory (succeeded: 0, failed: 0), oldest first: b-bad"));
    }
}
