package io.polycrate.operator.testing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.polycrate.operator.naming.StepLabels;
import io.polycrate.operator.status.Timestamps;

/**
 * Plays the Job controller and the kubelet for mock-server tests: makes the step's pod (with the labels and
 * owner reference the Job controller gives it) and ends it the way a real cluster reports it — the pod's
 * container terminated with an exit code and message, the Job's status with startTime, completionTime and the
 * conditions a real API server accepts (SuccessCriteriaMet then Complete; FailureTarget then Failed).
 */
public class JobSimulator {
    private final KubernetesClient client;
    private final Clock clock;

    public JobSimulator(KubernetesClient client) {
        this(client, Clock.systemUTC());
    }

    public JobSimulator(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** The step container exits 0. */
    public void succeed(Job job) {
        finish(job, 0, "", "Completed");
    }

    /** The step container exits with {@code exitCode}; {@code output} is what FallbackToLogsOnError keeps. */
    public void fail(Job job, int exitCode, String output) {
        finish(job, exitCode, output, "Error");
    }

    /** The step's pod waits because its image cannot be pulled. */
    public Pod imagePullFails(Job job, String reason) {
        Pod pod = podOf(job, "Pending");
        pod.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder()
                .withName(StepLabels.CONTAINER)
                .withImage(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .withReady(false)
                .withRestartCount(0)
                .withNewState().withNewWaiting().withReason(reason)
                .withMessage("Back-off pulling image").endWaiting().endState()
                .build()));
        return client.resource(pod).create();
    }

    /**
     * The step's pod ends with {@code exitCode}, and the Job stays as it was: what the operator sees in the second
     * before the Job controller marks the Job (or ever, should the Job controller be slow).
     */
    public void podEnds(Job job, int exitCode, String output) {
        createEndedPod(job, exitCode, output, exitCode == 0 ? "Completed" : "Error");
    }

    private void finish(Job job, int exitCode, String output, String terminatedReason) {
        String now = createEndedPod(job, exitCode, output, terminatedReason);
        markJob(job, exitCode, now);
    }

    private String createEndedPod(Job job, int exitCode, String output, String terminatedReason) {
        String now = Timestamps.format(clock.instant());
        Pod pod = podOf(job, exitCode == 0 ? "Succeeded" : "Failed");
        pod.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder()
                .withName(StepLabels.CONTAINER)
                .withImage(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .withReady(false)
                .withRestartCount(0)
                .withNewState().withNewTerminated()
                .withExitCode(exitCode)
                .withReason(terminatedReason)
                .withMessage(output)
                .withStartedAt(now)
                .withFinishedAt(now)
                .endTerminated().endState()
                .build()));
        client.resource(pod).create();
        return now;
    }

    private void markJob(Job job, int exitCode, String now) {
        Job current = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                .withName(job.getMetadata().getName()).get();
        List<JobCondition> conditions = new ArrayList<>();
        if (exitCode == 0) {
            conditions.add(condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", now));
            conditions.add(condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", now));
            current.setStatus(new JobStatusBuilder().withStartTime(now).withCompletionTime(now).withSucceeded(1)
                    .withFailed(0).withActive(0).withReady(0).withTerminating(0)
                    .withNewUncountedTerminatedPods().endUncountedTerminatedPods()
                    .withConditions(conditions).build());
        } else {
            conditions.add(condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now));
            conditions.add(condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now));
            current.setStatus(new JobStatusBuilder().withStartTime(now).withSucceeded(0).withFailed(1).withActive(0)
                    .withReady(0).withTerminating(0)
                    .withNewUncountedTerminatedPods().endUncountedTerminatedPods()
                    .withConditions(conditions).build());
        }
        client.resource(current).updateStatus();
    }

    private static JobCondition condition(String type, String reason, String message, String now) {
        return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                .withLastProbeTime(now).withLastTransitionTime(now).build();
    }

    private Pod podOf(Job job, String phase) {
        Map<String, String> labels = new LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
        labels.put("job-name", job.getMetadata().getName());
        labels.put("batch.kubernetes.io/controller-uid", job.getMetadata().getUid());
        Instant created = clock.instant();
        return new PodBuilder()
                .withNewMetadata()
                .withName(job.getMetadata().getName() + "-" + Long.toString(created.toEpochMilli() % 100000, 36))
                .withNamespace(job.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(job.getSpec().getTemplate().getMetadata().getAnnotations())
                .withCreationTimestamp(Timestamps.format(created))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("batch/v1").withKind("Job")
                        .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase(phase).withStartTime(Timestamps.format(created)).endStatus()
                .build();
    }
}
