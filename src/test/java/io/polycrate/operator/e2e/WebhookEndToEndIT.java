package io.polycrate.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.polycrate.operator.testing.WebhookReceiver;

/**
 * spec.events.webhook on a real control plane: the operator POSTs a run's transactions and outcome to an HTTP server
 * of the test, with the Secret's value as credential, retries a 500, and a dead URL holds up no run. The server
 * listens where the operator reaches it: on loopback for the operator as a process, on the host end of the
 * sandbox's veth (never a machine interface) for the chart's operator pods on the real node.
 */
class WebhookEndToEndIT extends EndToEndTest {
    private WebhookReceiver receiver;

    @BeforeEach
    void receiver() throws Exception {
        receiver = WebhookReceiver.on(operatorReachesUsAt());
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private InetAddress operatorReachesUsAt() throws Exception {
        return sandbox.chart() != null ? InetAddress.getByName(ChartOperator.HOST_ADDRESS)
                : InetAddress.getLoopbackAddress();
    }

    /** The outcomes workspace (steps kwok ends as told), reporting to {@code webhook} (a YAML flow mapping). */
    private void outcomesReportingTo(String webhook) throws Exception {
        String workspace = Files.readString(RESOURCES.resolve("outcomes.yaml"))
                .replace("\nspec:\n", "\nspec:\n  events: {webhook: " + webhook + "}\n");
        assertThat(workspace).contains("events: {webhook:");
        Path manifest = Files.createTempFile("webhook-workspace", ".yaml");
        Files.writeString(manifest, workspace);
        k("apply", "-f", manifest.toString()).ok();
        Files.delete(manifest);
        awaitValue("pws/outcomes", "{.status.conditions[?(@.type==\"Ready\")].status}", "True");
    }

    @Test
    void aRunsTransactionsAndOutcomeArriveWithTheSecretAndA500IsAnsweredWithAnotherAttempt() throws Exception {
        k("create", "secret", "generic", "hook", "--from-literal=token=s3cret").ok();
        receiver.answering(500);
        outcomesReportingTo("{url: \"" + receiver.url("/polycrate") + "\", secretRef: {name: hook, key: token}}");
        String run = createRun("outcomes", "strict", false);

        awaitValue("pwr/" + run, "{.status.phase}", "Failed");
        await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.delivered()).hasSize(3));
        List<WebhookReceiver.Received> received = receiver.received();
        assertThat(received).as("three documents, one of them twice (answered 500 first)").hasSize(4);
        assertThat(received.get(0).answered()).isEqualTo(500);
        assertThat(received).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer s3cret"));
        assertThat(receiver.delivered().stream().map(d -> d.path("id").asText()))
                .contains(received.get(0).document().path("id").asText()).doesNotHaveDuplicates();

        List<JsonNode> documents = receiver.delivered().stream()
                .sorted(Comparator.comparing((JsonNode d) -> d.path("kind").asText()).reversed()
                        .thenComparing(d -> d.path("step").asText()))
                .toList();
        JsonNode first = documents.get(0);
        assertThat(first.path("step").asText()).isEqualTo("first");
        assertThat(first.path("phase").asText()).isEqualTo("Succeeded");
        assertThat(first.path("transaction").asText()).isEqualTo(get("pwr/" + run, "{.status.steps[0].transaction}"));
        assertThat(first.path("workspace").asText()).isEqualTo("outcomes");
        assertThat(first.path("workflow").asText()).isEqualTo("strict");
        assertThat(first.path("block").asText()).isEqualTo("good");
        assertThat(first.path("action").asText()).isEqualTo("run");
        assertThat(first.path("run").asText()).isEqualTo(run);
        assertThat(first.path("namespace").asText()).isEqualTo(ns);
        assertThat(first.path("labels").path("monk.event.class").asText()).isEqualTo("polycrate");
        JsonNode second = documents.get(1);
        assertThat(second.path("step").asText()).isEqualTo("second");
        assertThat(second.path("phase").asText()).isEqualTo("Failed");
        assertThat(second.path("exit_code").asInt()).isEqualTo(3);
        assertThat(second.path("output").asText()).contains("psql: relation does not exist");
        assertThat(second.path("transaction").asText()).isEqualTo(get("pwr/" + run, "{.status.steps[1].transaction}"));
        JsonNode outcome = documents.get(2);
        assertThat(outcome.path("kind").asText()).isEqualTo("run");
        assertThat(outcome.path("phase").asText()).isEqualTo("Failed");
        assertThat(outcome.path("reason").asText()).isEqualTo("StepFailed");
        assertThat(outcome.path("message").asText()).isEqualTo(get("pwr/" + run, "{.status.message}"));
        assertThat(k("get", "events", "--field-selector", "involvedObject.name=" + run + ",reason=WebhookFailed",
                "-o", "name").ok().out()).isBlank();
    }

    @Test
    void aDeadUrlHoldsUpNoRunAndItsLostDocumentsAreWarnedOfAndCounted() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, operatorReachesUsAt())) {
            deadPort = socket.getLocalPort();
        }
        String url = "http://" + operatorReachesUsAt().getHostAddress() + ":" + deadPort + "/hook";
        outcomesReportingTo("{url: \"" + url + "\"}");
        String run = createRun("outcomes", "three-good", false);

        awaitValue("pwr/" + run, "{.status.phase}", "Succeeded");
        assertThat(jobsOf(run)).hasSize(3);
        await().atMost(WAIT).untilAsserted(() -> assertThat(k("get", "events", "--field-selector",
                "involvedObject.name=" + run + ",reason=WebhookFailed", "-o", "jsonpath={.items[*].type}").ok().out())
                .startsWith("Warning"));
        assertThat(k("get", "events", "--field-selector", "involvedObject.name=" + run + ",reason=WebhookFailed",
                "-o", "jsonpath={.items[0].message}").ok().out())
                .startsWith("Could not deliver the webhook document of ")
                .contains("to " + url + " (spec.events.webhook.url) after 5 attempts: could not connect");
        if (sandbox.chart() != null) {
            // the operator's pod, through the API server's pod proxy (the process operator listens on a random port)
            String leader = sandbox.chart().awaitLeader();
            await().atMost(WAIT).untilAsserted(() -> assertThat(sandbox.kubectl("get", "--raw", "/api/v1/namespaces/"
                    + ChartOperator.NAMESPACE + "/pods/" + leader + ":8080/proxy/q/metrics").ok().out().lines()
                    .filter(l -> l.startsWith("polycrate_webhook_documents_total{result=\"failed\"}"))
                    .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))))
                    .singleElement().satisfies(failed -> assertThat(failed).isGreaterThanOrEqualTo(4.0)));
        }
    }
}
