package io.polycrate.operator.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.polycrate.operator.naming.StepLabels;

/**
 * Runs every step Job that appears in a namespace through the {@link JobSimulator}: by default a step succeeds;
 * a test says which steps fail (with an exit code) or hold (stay running until the test ends them). Records
 * the order in which Jobs were created.
 */
public class StepRunner implements AutoCloseable {
    /** What a step does when its Job appears. */
    public sealed interface Outcome {
    }

    public record ExitCode(int code, String output) implements Outcome {
    }

    public record Hold() implements Outcome {
    }

    /** The step's pod ends with this exit code; the Job is never marked (a slow Job controller). */
    public record PodOnly(int code, String output) implements Outcome {
    }

    private final JobSimulator simulator;
    private final Map<String, Outcome> outcomesByStep = new ConcurrentHashMap<>();
    private final List<Job> created = new CopyOnWriteArrayList<>();
    private final SharedIndexInformer<Job> informer;

    public StepRunner(KubernetesClient client, String namespace) {
        this.simulator = new JobSimulator(client);
        this.informer = client.batch().v1().jobs().inNamespace(namespace).withLabel(StepLabels.MANAGED_BY,
                StepLabels.OPERATOR).inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Job job) {
                        created.add(job);
                        String step = job.getMetadata().getLabels().get(StepLabels.STEP);
                        // a Job without a step label (a test's orphan) succeeds, as any other would
                        Outcome outcome = step == null ? new ExitCode(0, "")
                                : outcomesByStep.getOrDefault(step, new ExitCode(0, ""));
                        if (outcome instanceof PodOnly pod) {
                            simulator.podEnds(job, pod.code(), pod.output());
                        }
                        if (outcome instanceof ExitCode exit) {
                            if (exit.code() == 0) {
                                simulator.succeed(job);
                            } else {
                                simulator.fail(job, exit.code(), exit.output());
                            }
                        }
                    }

                    @Override
                    public void onUpdate(Job oldJob, Job newJob) {
                    }

                    @Override
                    public void onDelete(Job job, boolean deletedFinalStateUnknown) {
                    }
                });
    }

    public StepRunner failing(String step, int exitCode, String output) {
        outcomesByStep.put(step, new ExitCode(exitCode, output));
        return this;
    }

    /** The step's pod ends with {@code exitCode}; its Job is never marked Complete or Failed. */
    public StepRunner podEndsOnly(String step, int exitCode, String output) {
        outcomesByStep.put(step, new PodOnly(exitCode, output));
        return this;
    }

    public StepRunner holding(String step) {
        outcomesByStep.put(step, new Hold());
        return this;
    }

    public JobSimulator simulator() {
        return simulator;
    }

    /** Jobs in the order they appeared. */
    public List<Job> createdJobs() {
        return List.copyOf(created);
    }

    @Override
    public void close() {
        informer.close();
    }
}
