package io.polycrate.operator.benchmark;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.polycrate.operator.api.v1alpha1.Action;
import io.polycrate.operator.api.v1alpha1.Block;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.Step;
import io.polycrate.operator.api.v1alpha1.Workflow;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunSpec;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;
import io.polycrate.operator.naming.StepLabels;
import io.polycrate.operator.testing.JobSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * Measures the time from a step's Job completing (the simulator's status write returned) to the next step's
 * Job appearing in a watch, on the mock API server with the operator running. Prints the median and 99th
 * percentile; asserts nothing. Run it with {@code mvn test -Pbenchmark}.
 */
@Tag("benchmark")
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class StepTransitionBenchmark {
    private static final int STEPS = 6;

    @Inject
    KubernetesClient client;

    @Test
    void stepToStepLatency() {
        String namespace = "bench";
        createWorkspace(namespace);
        JobSimulator simulator = new JobSimulator(client);
        Map<String, Long> completedAtNanos = new ConcurrentHashMap<>();
        List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
        ExecutorService kubelets = Executors.newFixedThreadPool(8);
        var informer = client.batch().v1().jobs().inNamespace(namespace)
                .withLabel(StepLabels.MANAGED_BY, StepLabels.OPERATOR).inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Job job) {
                        long seen = System.nanoTime();
                        String run = job.getMetadata().getLabels().get(StepLabels.RUN);
                        int index = Integer.parseInt(job.getMetadata().getLabels().get(StepLabels.STEP_INDEX));
                        Long previousDone = completedAtNanos.get(run + "/" + (index - 1));
                        if (previousDone != null) {
                            latenciesMicros.add((seen - previousDone) / 1000);
                        }
                        // the simulator runs beside the watch thread, so one run's Job does not queue behind another's
                        kubelets.submit(() -> {
                            simulator.succeed(job);
                            completedAtNanos.put(run + "/" + index, System.nanoTime());
                        });
                    }

                    @Override
                    public void onUpdate(Job oldJob, Job newJob) {
                    }

                    @Override
                    public void onDelete(Job job, boolean deletedFinalStateUnknown) {
                    }
                });
        try {
            // warm-up: JIT, informers, connection pool
            runAll(namespace, "warm", 3, false);
            latenciesMicros.clear();
            runAll(namespace, "seq", 20, false);
            report("one run at a time", new ArrayList<>(latenciesMicros));
            latenciesMicros.clear();
            runAll(namespace, "par", 20, true);
            report("20 runs at once", new ArrayList<>(latenciesMicros));
        } finally {
            informer.close();
            kubelets.shutdownNow();
        }
    }

    private void runAll(String namespace, String prefix, int runs, boolean atOnce) {
        List<String> names = IntStream.range(0, runs).mapToObj(i -> prefix + "-" + i).toList();
        for (String name : names) {
            WorkflowRun run = new WorkflowRun();
            run.getMetadata().setName(name);
            run.setSpec(new WorkflowRunSpec());
            run.getSpec().setWorkspace("bench");
            run.getSpec().setWorkflow("six");
            client.resource(run).inNamespace(namespace).create();
            if (!atOnce) {
                awaitSucceeded(namespace, List.of(name));
            }
        }
        awaitSucceeded(namespace, names);
    }

    private void awaitSucceeded(String namespace, List<String> names) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20)).until(() -> names.stream()
                .allMatch(name -> {
                    WorkflowRun run = client.resources(WorkflowRun.class).inNamespace(namespace).withName(name).get();
                    return run.getStatus() != null && run.getStatus().getPhase() == RunPhase.Succeeded;
                }));
    }

    private static void report(String label, List<Long> micros) {
        Collections.sort(micros);
        long median = micros.get(micros.size() / 2);
        long p99 = micros.get((int) Math.ceil(micros.size() * 0.99) - 1);
        System.out.printf("BENCHMARK step-to-step (%s): %d transitions, median %.1f ms, p99 %.1f ms, max %.1f ms%n",
                label, micros.size(), median / 1000.0, p99 / 1000.0, micros.get(micros.size() - 1) / 1000.0);
    }

    private void createWorkspace(String namespace) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            steps.add(new Step("s" + i, "tools", "noop"));
        }
        WorkspaceSpec spec = new WorkspaceSpec();
        spec.setBlocks(List.of(new Block("tools", List.of(new Action("noop", List.of("true"))))));
        spec.setWorkflows(List.of(new Workflow("six", steps)));
        Workspace workspace = new Workspace();
        workspace.getMetadata().setName("bench");
        workspace.setSpec(spec);
        client.resource(workspace).inNamespace(namespace).create();
    }
}
