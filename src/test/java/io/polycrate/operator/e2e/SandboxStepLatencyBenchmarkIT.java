package io.polycrate.operator.e2e;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * Step-to-step latency on the real control plane: from the watch event in which a step's Job turns Complete
 * (the real Job controller's doing) to the watch event that adds the next step's Job. Prints the median and
 * 99th percentile; asserts nothing. Run it with
 * {@code mvn -B verify -Dbenchmark=true -Dit.test=SandboxStepLatencyBenchmarkIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class SandboxStepLatencyBenchmarkIT {
    private static final int STEPS = 6;
    private static final int RUNS = 20;

    @Test
    void stepToStepLatencyOnTheSandbox() throws Exception {
        Sandbox sandbox = Sandbox.get();
        String ns = "bench-latency";
        sandbox.kubectl("delete", "namespace", ns, "--ignore-not-found", "--wait=true");
        sandbox.kubectl("create", "namespace", ns).ok();
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < STEPS; i++) {
            steps.append("    - {name: s").append(i).append(", block: quick, action: run}\n");
        }
        Path workspace = Files.createTempFile("bench", ".yaml");
        Files.writeString(workspace, """
                apiVersion: polycrate.io/v1alpha1
                kind: Workspace
                metadata:
                  name: bench
                spec:
                  blocks:
                  - name: quick
                    podTemplate:
                      metadata:
                        annotations: {sandbox.polycrate.io/duration: "100ms"}
                    actions:
                    - {name: run, script: ["true"]}
                  workflows:
                  - name: six
                    steps:
                """ + steps);
        sandbox.kubectl("apply", "-n", ns, "-f", workspace.toString()).ok();

        Map<String, Long> completedAt = new ConcurrentHashMap<>();
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        String kubeconfig = Files.readString(Path.of(sandbox.kubeconfig()));
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
                Watch watch = client.batch().v1().jobs().inNamespace(ns).watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Job job) {
                        long now = System.nanoTime();
                        String run = job.getMetadata().getLabels().get("polycrate.io/run");
                        int index = Integer.parseInt(job.getMetadata().getLabels().get("polycrate.io/step-index"));
                        if (action == Action.ADDED) {
                            Long previous = completedAt.get(run + "/" + (index - 1));
                            if (previous != null) {
                                micros.add((now - previous) / 1000);
                            }
                        } else if (job.getStatus() != null && job.getStatus().getConditions() != null
                                && job.getStatus().getConditions().stream()
                                        .anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()))) {
                            completedAt.putIfAbsent(run + "/" + index, now);
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                })) {
            for (int r = 0; r < RUNS; r++) {
                String name = "bench-" + r;
                Path run = Files.createTempFile("run", ".yaml");
                Files.writeString(run, """
                        apiVersion: polycrate.io/v1alpha1
                        kind: WorkflowRun
                        metadata: {name: %s}
                        spec: {workspace: bench, workflow: six}
                        """.formatted(name));
                sandbox.kubectl("create", "-n", ns, "-f", run.toString()).ok();
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
                        "Succeeded".equals(sandbox.kubectl("get", "-n", ns, "pwr", name, "-o",
                                "jsonpath={.status.phase}").out()));
            }
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf("BENCHMARK sandbox step-to-step: %d transitions, median %.1f ms, p99 %.1f ms, max %.1f ms%n",
                sorted.size(), sorted.get(sorted.size() / 2) / 1000.0,
                sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
    }
}
