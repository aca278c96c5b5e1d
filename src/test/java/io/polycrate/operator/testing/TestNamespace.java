package io.polycrate.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.TestInfo;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunSpec;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.naming.StepLabels;

/**
 * A namespace of its own for one mock-server test, with a {@link StepRunner} playing the Job controller in
 * it, and the reads tests make of runs, Jobs and events.
 */
public final class TestNamespace implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final String name;
    private final StepRunner steps;

    private TestNamespace(KubernetesClient client, String name) {
        this.client = client;
        this.name = name;
        this.steps = new StepRunner(client, name);
    }

    /** A namespace named after the test method. */
    public static TestNamespace of(KubernetesClient client, TestInfo test) {
        String name = test.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "");
        return new TestNamespace(client, name.substring(0, Math.min(40, name.length())));
    }

    public String name() {
        return name;
    }

    public StepRunner steps() {
        return steps;
    }

    public Workspace createWorkspace(String resource) {
        Workspace workspace = client.getKubernetesSerialization()
                .unmarshal(getClass().getResourceAsStream(resource), Workspace.class);
        return client.resource(workspace).inNamespace(name).create();
    }

    /** Creates a run of {@code workflow} of {@code workspace}, forced (prompts answered) or not. */
    public WorkflowRun createRun(String name, String workspace, String workflow, boolean force) {
        WorkflowRun run = new WorkflowRun();
        run.getMetadata().setName(name);
        WorkflowRunSpec spec = new WorkflowRunSpec();
        spec.setWorkspace(workspace);
        spec.setWorkflow(workflow);
        spec.setForce(force);
        run.setSpec(spec);
        return createRun(run);
    }

    public WorkflowRun createRun(WorkflowRun run) {
        return client.resource(run).inNamespace(name).create();
    }

    public WorkflowRun run(String run) {
        return client.resources(WorkflowRun.class).inNamespace(name).withName(run).get();
    }

    public WorkflowRun awaitPhase(String run, RunPhase phase) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(run(run).getStatus().getPhase()).isEqualTo(phase));
        return run(run);
    }

    public List<Job> jobsOf(String run) {
        return client.batch().v1().jobs().inNamespace(name).withLabel(StepLabels.RUN, run).list().getItems();
    }

    /** Events about one object, oldest first. */
    public List<Event> eventsOf(String object) {
        return client.v1().events().inNamespace(name).list().getItems().stream()
                .filter(e -> object.equals(e.getInvolvedObject().getName()))
                .sorted(Comparator.comparing((Event e) -> Long.parseLong(e.getMetadata().getResourceVersion())))
                .toList();
    }

    public List<String> eventReasonsOf(String object) {
        return eventsOf(object).stream().map(Event::getReason).toList();
    }

    @Override
    public void close() {
        steps.close();
    }
}
