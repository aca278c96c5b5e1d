package io.polycrate.operator.workflow;

import java.time.Instant;

/**
 * What the operator saw of one step's Job and its pod, reduced to what the state machine needs.
 *
 * @param state where the Job stands
 * @param exitCode the step container's exit code, when a pod terminated
 * @param failure why the Job failed, for people ("exit code 2", "DeadlineExceeded: ..."), null unless failed
 * @param output the tail of the step's output or termination message, bounded
 * @param imagePull present while the step's image cannot be pulled
 */
public record JobObservation(String jobName, String transaction, Instant createdAt, State state, Integer exitCode,
        String failure, String output, Instant finishedAt, ImagePullTrouble imagePull) {

    /** Where a step's Job stands. */
    public enum State {
        Active,
        Succeeded,
        Failed
    }

    /**
     * The image of the step cannot be pulled, since {@code since}; {@code permanent} when waiting cannot help
     * (an invalid image name).
     */
    public record ImagePullTrouble(Instant since, String reason, String detail, boolean permanent) {
    }
}
