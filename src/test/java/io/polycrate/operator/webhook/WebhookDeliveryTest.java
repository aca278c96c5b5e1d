package io.polycrate.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.polycrate.operator.api.v1alpha1.EventWebhook;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.WebhookSecretRef;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceEvents;
import io.polycrate.operator.testing.TestNamespace;
import io.polycrate.operator.testing.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The operator running against the mock API server POSTs its runs' event documents to a local HTTP server
 * (127.0.0.1): what arrives, with which credential, after which failures, and that a dead URL holds up no run.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class WebhookDeliveryTest {
    @Inject
    KubernetesClient client;

    @Inject
    MeterRegistry registry;

    private TestNamespace namespace;
    private WebhookReceiver receiver;

    @BeforeEach
    void namespaceOfItsOwn(TestInfo test) throws Exception {
        namespace = TestNamespace.of(client, test);
        namespace.steps();
        receiver = WebhookReceiver.onLoopback();
    }

    @AfterEach
    void stop() {
        namespace.close();
        receiver.close();
    }

    /** The three-steps workspace, reporting to {@code webhook}. */
    private void workspaceReportingTo(EventWebhook webhook) {
        Workspace workspace = client.getKubernetesSerialization().unmarshal(
                getClass().getResourceAsStream("/workspaces/three-steps.yaml"), Workspace.class);
        workspace.getSpec().setEvents(new WorkspaceEvents(webhook));
        client.resource(workspace).inNamespace(namespace.name()).create();
    }

    private void secret(String name, String key, String value) {
        // data, not stringData: the mock API server does not fold stringData into data as a real one does
        client.resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .withData(Map.of(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))))
                .build()).inNamespace(namespace.name()).create();
    }

    private double documents(String result) {
        return registry.get("polycrate.webhook.documents").tag("result", result).counter().count();
    }

    @Test
    void aRunsTransactionsAndItsOutcomeArriveWithTheSecretAsBearerToken() {
        secret("hook", "token", "s3cret\n");
        workspaceReportingTo(new EventWebhook(receiver.url("/polycrate"), new WebhookSecretRef("hook", "token"),
                null));
        namespace.steps().failing("two", 3, "psql: relation does not exist");
        namespace.createRun("strict-1", "three-steps", "strict", true);
        WorkflowRun run = namespace.awaitPhase("strict-1", RunPhase.Failed);

        await().atMost(TestNamespace.WAIT).untilAsserted(() -> assertThat(receiver.delivered()).hasSize(3));
        List<WebhookReceiver.Received> received = receiver.received();
        assertThat(received).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/polycrate");
            assertThat(r.authorization()).isEqualTo("Bearer s3cret");
            assertThat(r.contentType()).isEqualTo("application/json; charset=UTF-8");
        });
        List<JsonNode> documents = receiver.delivered().stream()
                .sorted(Comparator.comparing((JsonNode d) -> d.path("kind").asText()).reversed()
                        .thenComparing(d -> d.path("step").asText()))
                .toList();
        JsonNode one = documents.get(0);
        assertThat(one.path("kind").asText()).isEqualTo("transaction");
        assertThat(one.path("step").asText()).isEqualTo("one");
        assertThat(one.path("phase").asText()).isEqualTo("Succeeded");
        assertThat(one.path("transaction").asText()).isEqualTo(run.getStatus().getSteps().get(0).getTransaction());
        assertThat(one.path("workspace").asText()).isEqualTo("three-steps");
        assertThat(one.path("workflow").asText()).isEqualTo("strict");
        assertThat(one.path("block").asText()).isEqualTo("tools");
        assertThat(one.path("action").asText()).isEqualTo("one");
        assertThat(one.path("run").asText()).isEqualTo("strict-1");
        assertThat(one.path("namespace").asText()).isEqualTo(namespace.name());
        assertThat(one.path("date").asText()).isEqualTo(run.getStatus().getSteps().get(0).getStartTime());
        JsonNode two = documents.get(1);
        assertThat(two.path("step").asText()).isEqualTo("two");
        assertThat(two.path("phase").asText()).isEqualTo("Failed");
        assertThat(two.path("exit_code").asInt()).isEqualTo(3);
        assertThat(two.path("output").asText()).contains("psql: relation does not exist");
        JsonNode outcome = documents.get(2);
        assertThat(outcome.path("kind").asText()).isEqualTo("run");
        assertThat(outcome.path("phase").asText()).isEqualTo("Failed");
        assertThat(outcome.path("reason").asText()).isEqualTo("StepFailed");
        assertThat(outcome.path("id").asText()).isEqualTo(run.getMetadata().getUid());
        assertThat(outcome.path("message").asText()).isEqualTo(run.getStatus().getMessage());
    }

    @Test
    void aServerThatAnswers500GetsTheDocumentAgainAndANamedHeaderCarriesTheSecretAsItIs() {
        double deliveredBefore = documents("delivered");
        double failedBefore = documents("failed");
        secret("hook", "api-key", "k-123");
        receiver.answering(500, 503);
        workspaceReportingTo(new EventWebhook(receiver.url("/hook"), new WebhookSecretRef("hook", "api-key"),
                "X-Api-Key"));
        namespace.createRun("strict-2", "three-steps", "strict", true);
        namespace.awaitPhase("strict-2", RunPhase.Succeeded);

        await().atMost(TestNamespace.WAIT).untilAsserted(() -> assertThat(receiver.delivered()).hasSize(4));
        List<WebhookReceiver.Received> received = receiver.received();
        assertThat(received).hasSize(6);
        assertThat(received).allSatisfy(r -> {
            assertThat(r.apiKey()).isEqualTo("k-123");
            assertThat(r.authorization()).isNull();
        });
        List<String> refused = received.stream().filter(r -> r.answered() >= 500)
                .map(r -> r.document().path("id").asText()).toList();
        assertThat(refused).hasSize(2);
        List<String> deliveredIds = receiver.delivered().stream().map(d -> d.path("id").asText()).toList();
        assertThat(deliveredIds).as("every refused document was sent again and delivered").containsAll(refused)
                .doesNotHaveDuplicates();
        assertThat(documents("delivered") - deliveredBefore).isEqualTo(4);
        assertThat(documents("failed")).isEqualTo(failedBefore);
        assertThat(namespace.eventReasonsOf("strict-2")).doesNotContain("WebhookFailed");
    }

    @Test
    void aDeadUrlNeverHoldsUpARunAndItsFailuresAreCountedAndWarnedOfOnce() throws Exception {
        double failedBefore = documents("failed");
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        workspaceReportingTo(new EventWebhook("http://127.0.0.1:" + deadPort + "/hook", null, null));
        namespace.createRun("strict-3", "three-steps", "strict", true);

        namespace.awaitPhase("strict-3", RunPhase.Succeeded);
        await().atMost(TestNamespace.WAIT).untilAsserted(() ->
                assertThat(documents("failed") - failedBefore).isEqualTo(4));
        List<Event> warnings = namespace.eventsOf("strict-3").stream()
                .filter(e -> "WebhookFailed".equals(e.getReason())).toList();
        assertThat(warnings).as("one event for the run's four lost documents, not one per document or attempt")
                .hasSize(1);
        assertThat(warnings.get(0).getType()).isEqualTo("Warning");
        assertThat(warnings.get(0).getMessage()).startsWith("Could not deliver the webhook document of ")
                .contains("to http://127.0.0.1:" + deadPort + "/hook (spec.events.webhook.url) after 5 attempts: could not connect");
    }
}
