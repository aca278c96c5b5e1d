package io.polycrate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkflowSummary;
import io.polycrate.operator.status.Conditions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** The Workspace reconciler against the Fabric8 mock API server (CRUD mode), with the operator running. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class WorkspaceReconcilerTest {
    private static final String NAMESPACE = "test";

    @Inject
    KubernetesClient client;

    private Workspace load(String resource) {
        InputStream in = getClass().getResourceAsStream(resource);
        return client.getKubernetesSerialization().unmarshal(in, Workspace.class);
    }

    private Condition readyOf(String name) {
        Workspace workspace = client.resources(Workspace.class).inNamespace(NAMESPACE).withName(name).get();
        if (workspace == null || workspace.getStatus() == null) {
            return null;
        }
        return Conditions.find(workspace.getStatus().getConditions(), "Ready").orElse(null);
    }

    private List<Event> eventsOf(String name) {
        return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    @Test
    void theExampleWorkspaceIsReadyAndListsItsWorkflow() {
        Workspace example = load("/examples/workflow-workspace.yaml");
        client.resource(example).inNamespace(NAMESPACE).create();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Condition ready = readyOf("workflow-workspace");
            assertThat(ready).isNotNull();
            assertThat(ready.getStatus()).isEqualTo("True");
            assertThat(ready.getReason()).isEqualTo("Valid");
        });
        Workspace workspace = client.resources(Workspace.class).inNamespace(NAMESPACE).withName("workflow-workspace")
                .get();
        assertThat(workspace.getStatus().getObservedGeneration()).isEqualTo(workspace.getMetadata().getGeneration());
        assertThat(workspace.getStatus().getWorkflows())
                .extracting(WorkflowSummary::getName, WorkflowSummary::getSteps)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("workflow-1", 2));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOf("workflow-workspace"))
                .extracting(Event::getReason).containsExactly("WorkspaceReady"));
    }

    @Test
    void anInvalidWorkspaceListsEveryProblemAndRecoversWhenFixed() {
        Workspace broken = load("/workspaces/broken.yaml");
        client.resource(broken).inNamespace(NAMESPACE).create();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Condition ready = readyOf("broken");
            assertThat(ready).isNotNull();
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("InvalidSpec");
            assertThat(ready.getMessage()).isEqualTo("3 problems: "
                    + "blocks[0].actions[0]: has both script and playbook; an action has exactly one; "
                    + "blocks[1].from: no block named \"postgres-base\"; "
                    + "workflows[0].steps[1].block: no block named \"databse\"");
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOf("broken"))
                .extracting(Event::getType, Event::getReason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Warning", "InvalidSpec")));

        Workspace current = client.resources(Workspace.class).inNamespace(NAMESPACE).withName("broken").get();
        current.getSpec().getBlocks().get(0).getActions().get(0).setPlaybook(null);
        current.getSpec().getBlocks().get(1).setFrom(null);
        current.getSpec().getWorkflows().get(0).getSteps().get(1).setBlock("database");
        current.getMetadata().setGeneration(current.getMetadata().getGeneration() + 1); // the mock does not count
        client.resource(current).update();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Condition ready = readyOf("broken");
            assertThat(ready.getStatus()).isEqualTo("True");
            assertThat(ready.getObservedGeneration()).isEqualTo(current.getMetadata().getGeneration());
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsOf("broken"))
                .extracting(Event::getReason).containsExactly("InvalidSpec", "WorkspaceReady"));
    }
}
