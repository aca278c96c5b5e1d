package io.polycrate.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunSpec;
import io.polycrate.operator.testing.TestNamespace;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** /q/metrics and /q/health/ready of the running operator, after runs went through it (mock API server). */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class MetricsAndHealthTest {
    @Inject
    KubernetesClient client;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @TestHTTPResource("/q/health/ready")
    URL ready;

    private TestNamespace namespace;

    @BeforeEach
    void namespaceOfItsOwn(TestInfo test) {
        namespace = TestNamespace.of(client, test);
        namespace.steps(); // the Job simulator: steps end as they would on a cluster
    }

    @AfterEach
    void stopRunningSteps() {
        namespace.close();
    }

    private static HttpResponse<String> get(URL url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void run(String name, boolean force) {
        WorkflowRun run = new WorkflowRun();
        run.getMetadata().setName(name);
        run.setSpec(new WorkflowRunSpec());
        run.getSpec().setWorkspace("workflow-workspace");
        run.getSpec().setWorkflow("workflow-1");
        run.getSpec().setForce(force);
        namespace.createRun(run);
    }

    @Test
    void runsAreCountedByPhaseAndStepsByResultWithoutALabelPerRun() throws Exception {
        namespace.createWorkspace("/examples/workflow-workspace.yaml");
        run("metrics-forced", true);
        run("metrics-waiting", false);
        namespace.awaitPhase("metrics-forced", RunPhase.Succeeded);
        namespace.awaitPhase("metrics-waiting", RunPhase.AwaitingApproval);

        HttpResponse<String> response = get(metrics);

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> samples = response.body().lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(samples).anySatisfy(l -> assertThat(l).startsWith("polycrate_steps_started_total"));
        assertThat(samples).anySatisfy(l -> assertThat(l).startsWith("polycrate_steps_finished_total{result=\"succeeded\"}"));
        assertThat(samples).anySatisfy(l -> assertThat(l).startsWith("polycrate_step_duration_seconds_bucket{"));
        assertThat(samples).anySatisfy(l -> assertThat(l).startsWith("polycrate_workflowruns_finished_total{phase=\"Succeeded\"}"));
        assertThat(samples).anySatisfy(l -> assertThat(l).matches("polycrate_workflowruns\\{phase=\"AwaitingApproval\"} [1-9].*"));
        assertThat(samples).anySatisfy(l -> assertThat(l).matches("polycrate_prompts_waiting [1-9].*"));
        assertThat(samples).anySatisfy(l -> assertThat(l).startsWith("polycrate_leader 1.0"));
        // JOSDK's reconcile metrics are there, but none names a run or a namespace
        assertThat(samples).anySatisfy(l -> assertThat(l).startsWith("operator_sdk_"));
        assertThat(samples).noneMatch(l -> l.contains("metrics-forced") || l.contains("metrics-waiting")
                || l.contains(namespace.name()));
    }

    @Test
    void readinessSaysTheOperatorReconcilesWithItsInformersSynced() throws Exception {
        HttpResponse<String> response = get(ready);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"role\": \"Single\"").contains("\"reconciling\": true")
                .contains("\"workflowrun\": \"informers synced\"");
    }
}
