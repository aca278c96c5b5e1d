package io.polycrate.operator.job;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.polycrate.operator.naming.KubernetesNames;
import io.polycrate.operator.naming.StepLabels;
import io.polycrate.operator.status.ConditionStatus;
import io.polycrate.operator.status.Timestamps;
import io.polycrate.operator.workflow.JobObservation.ImagePullTrouble;
import io.polycrate.operator.workflow.JobObservation;

/**
 * Reads a step's outcome from its Job and pods the way the Job controller and kubelet report it: the Job's
 * Complete/Failed condition, or before it (the step's pace) the phase of the Job's pod once it has ended; the exit
 * code and output tail come from the pod's terminated container where it can be read. Where no pod says how the
 * step ended (deadline exceeded, pod deleted or evicted) the Job's condition decides. Pure code.
 */
public final class JobOutcomeReader {
    /** Bound of the output kept in a transaction. */
    public static final int MAX_OUTPUT = 1024;
    private static final Set<String> PULL_WAITING = Set.of("ErrImagePull", "ImagePullBackOff");
    private static final Set<String> PULL_PERMANENT = Set.of("InvalidImageName", "ErrImageNeverPull");
    /**
     * The kubelet cannot create the step's container and retries for ever: a Secret or ConfigMap key of its env
     * missing, a volume the runtime cannot mount (an image volume on containerd before 2.1). Waited for like a pull.
     */
    private static final Set<String> CREATE_WAITING = Set.of("CreateContainerConfigError", "CreateContainerError");

    private JobOutcomeReader() {
    }

    /** Reads a Job of the run whose UID is {@code runUid}; a Job it does not control is marked foreign. */
    public static JobObservation read(Job job, List<Pod> podsOfJob, String runUid) {
        JobObservation seen = read(job, podsOfJob);
        String owner = KubernetesNames.foreignController(job, runUid);
        boolean deleting = job.getMetadata().getDeletionTimestamp() != null;
        return seen.withForeignOwner(owner).withDeleting(deleting).withPod(!podsOfJob.isEmpty());
    }

    static JobObservation read(Job job, List<Pod> podsOfJob) {
        Optional<Pod> pod = podsOfJob.stream()
                .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp() == null ? ""
                        : p.getMetadata().getCreationTimestamp()));
        Optional<ContainerStateTerminated> terminated = pod.flatMap(JobOutcomeReader::stepContainer)
                .map(c -> c.getState() == null ? null : c.getState().getTerminated());
        // the step's runner reports its shell on the termination message's last line (see StepRunner)
        StepRunner.Report report = StepRunner.read(terminated.map(ContainerStateTerminated::getMessage).orElse(null));
        return outcome(job, pod, terminated, report.message()).withShell(report.shell());
    }

    private static JobObservation outcome(Job job, Optional<Pod> pod, Optional<ContainerStateTerminated> terminated,
            String message) {
        Integer exitCode = terminated.map(ContainerStateTerminated::getExitCode).orElse(null);
        String output = tail(message);
        String transaction = job.getMetadata().getLabels() == null ? null
                : job.getMetadata().getLabels().get(StepLabels.TRANSACTION);
        Instant created = Timestamps.parse(job.getMetadata().getCreationTimestamp());

        Optional<JobCondition> complete = condition(job, "Complete");
        Optional<JobCondition> failed = condition(job, "Failed");
        if (complete.isPresent()) {
            return JobObservation.succeeded(job.getMetadata().getName(), transaction, created,
                    exitCode == null ? 0 : exitCode, output, finishedAt(job, complete.get()));
        }
        if (failed.isPresent()) {
            String failure = pod.flatMap(JobOutcomeReader::disruption)
                    .map(d -> d + (exitCode == null ? "" : " (exit code " + exitCode + ")"))
                    .orElseGet(() -> failure(failed.get(), exitCode));
            return JobObservation.failed(job.getMetadata().getName(), transaction, created, exitCode, failure, output,
                    finishedAt(job, failed.get()));
        }
        // The pod has ended: that is the step's outcome, known about a second before the Job controller (which
        // batches its syncs) marks the Job. backoffLimit 0 and restartPolicy Never make one pod's end the Job's end.
        // A pod being deleted (the Job's deadline, an eviction) is left to the Job's condition, which says why.
        Optional<Pod> ended = pod.filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null
                && ("Succeeded".equals(p.getStatus().getPhase()) || "Failed".equals(p.getStatus().getPhase())));
        if (ended.isPresent() && "Succeeded".equals(ended.get().getStatus().getPhase())) {
            return JobObservation.succeeded(job.getMetadata().getName(), transaction, created,
                    exitCode == null ? 0 : exitCode, output, podFinishedAt(terminated));
        }
        if (ended.isPresent()) {
            String failure = disruption(ended.get())
                    .map(d -> d + (exitCode == null ? "" : " (exit code " + exitCode + ")"))
                    .orElseGet(() -> exitCode != null ? "exit code " + exitCode : podFailure(ended.get()));
            return JobObservation.failed(job.getMetadata().getName(), transaction, created, exitCode, failure, output,
                    podFinishedAt(terminated));
        }
        ImagePullTrouble pull = pod.flatMap(p -> imagePull(p)).orElse(null);
        return JobObservation.active(job.getMetadata().getName(), transaction, created).withImagePull(pull);
    }

    /** Why a pod failed whose step container left no exit code (kubelet's reason and message, if any). */
    private static String podFailure(Pod pod) {
        String reason = pod.getStatus().getReason();
        String message = pod.getStatus().getMessage();
        if (reason == null && message == null) {
            return "the step's pod failed";
        }
        return "the step's pod failed: " + (reason == null ? "" : reason)
                + (message == null ? "" : (reason == null ? "" : ": ") + message);
    }

    /** When the step's container ended (kubelet's record); null if unknown (the step then ends when seen). */
    private static Instant podFinishedAt(Optional<ContainerStateTerminated> terminated) {
        return terminated.map(ContainerStateTerminated::getFinishedAt).map(Timestamps::parse).orElse(null);
    }

    private static String failure(JobCondition failed, Integer exitCode) {
        String reason = failed.getReason() == null ? "Failed" : failed.getReason();
        return switch (reason) {
            case "DeadlineExceeded" -> "DeadlineExceeded: the step ran longer than its timeoutSeconds";
            case "PodFailurePolicy" -> "the step's pod was evicted or otherwise stopped from outside (DisruptionTarget)"
                    + (failed.getMessage() == null ? "" : ": " + failed.getMessage())
                    + (exitCode == null ? "" : " (exit code " + exitCode + ")");
            case "BackoffLimitExceeded" -> exitCode != null ? "exit code " + exitCode
                    : "the step's pod failed" + (failed.getMessage() == null ? "" : ": " + failed.getMessage());
            default -> reason + (failed.getMessage() == null ? "" : ": " + failed.getMessage())
                    + (exitCode == null ? "" : " (exit code " + exitCode + ")");
        };
    }

    /** Why the pod was stopped from outside (evicted, preempted, its node gone), if it was: DisruptionTarget. */
    private static Optional<String> disruption(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> "DisruptionTarget".equals(c.getType()) && ConditionStatus.True.is(c.getStatus()))
                .findFirst()
                .map(c -> "the step's pod was " + ("EvictionByEvictionAPI".equals(c.getReason()) ? "evicted"
                        : "stopped from outside") + " (" + c.getReason() + ")"
                        + (c.getMessage() == null || c.getMessage().isBlank() ? "" : ": " + c.getMessage()));
    }

    private static Instant finishedAt(Job job, JobCondition condition) {
        String time = job.getStatus().getCompletionTime() != null ? job.getStatus().getCompletionTime()
                : condition.getLastTransitionTime();
        return Timestamps.parse(time);
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && ConditionStatus.True.is(c.getStatus()))
                .findFirst();
    }

    private static Optional<ContainerStatus> stepContainer(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> StepLabels.CONTAINER.equals(c.getName()))
                .findFirst();
    }

    /**
     * Whether a waiting container's reason is trouble pulling its image or creating the container (the only waiting
     * the operator reads).
     */
    public static boolean isImagePullTrouble(String waitingReason) {
        return waitingReason != null && (PULL_WAITING.contains(waitingReason) || PULL_PERMANENT.contains(waitingReason)
                || CREATE_WAITING.contains(waitingReason));
    }

    private static Optional<ImagePullTrouble> imagePull(Pod pod) {
        return stepContainer(pod)
                .map(c -> c.getState() == null ? null : c.getState().getWaiting())
                .filter(w -> isImagePullTrouble(w.getReason()))
                .map((ContainerStateWaiting w) -> new ImagePullTrouble(
                        Timestamps.parse(pod.getMetadata().getCreationTimestamp()), w.getReason(),
                        w.getMessage(), PULL_PERMANENT.contains(w.getReason())));
    }

    /** The last {@link #MAX_OUTPUT} characters, cut at a line start where possible. */
    public static String tail(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        if (trimmed.length() <= MAX_OUTPUT) {
            return trimmed;
        }
        String cut = trimmed.substring(trimmed.length() - MAX_OUTPUT + 4);
        int newline = cut.indexOf('\n');
        if (newline >= 0 && newline < cut.length() / 2) {
            cut = cut.substring(newline + 1);
        }
        return "...\n" + cut;
    }
}
