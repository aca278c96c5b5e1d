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
 * @param foreignOwner null when the run is the Job's controller; else who owns it, for people ("no owner",
 *        "WorkflowRun r (uid 1234...)"): such a Job is never taken as the run's
 * @param deleting whether the Job is being deleted
 * @param hasPod whether a pod of the Job was seen
 * @param podCreateFailure why the Job controller cannot create the step's pod (its latest FailedCreate event), when
 *        the Job has no pod: an admission refusal (Pod Security, a missing ServiceAccount, an invalid image name)
 * @param shell the shell that ran the step, as its container reported it (bash, sh); null if it did not
 */
public record JobObservation(String jobName, String transaction, Instant createdAt, State state, Integer exitCode,
        String failure, String output, Instant finishedAt, ImagePullTrouble imagePull, String foreignOwner,
        boolean deleting, boolean hasPod, String podCreateFailure, String shell) {

    public JobObservation(String jobName, String transaction, Instant createdAt, State state, Integer exitCode,
            String failure, String output, Instant finishedAt, ImagePullTrouble imagePull, String foreignOwner,
            boolean deleting, boolean hasPod, String podCreateFailure) {
        this(jobName, transaction, createdAt, state, exitCode, failure, output, finishedAt, imagePull, foreignOwner,
                deleting, hasPod, podCreateFailure, null);
    }

    /** A Job the run controls, still running (or not started), with a pod. */
    public static JobObservation active(String jobName, String transaction, Instant createdAt) {
        return new JobObservation(jobName, transaction, createdAt, State.Active, null, null, null, null, null, null,
                false, true, null);
    }

    /** A Job the run controls whose step succeeded. */
    public static JobObservation succeeded(String jobName, String transaction, Instant createdAt, Integer exitCode,
            String output, Instant finishedAt) {
        return new JobObservation(jobName, transaction, createdAt, State.Succeeded, exitCode, null, output,
                finishedAt, null, null, false, true, null);
    }

    /** A Job the run controls whose step failed, {@code failure} saying why. */
    public static JobObservation failed(String jobName, String transaction, Instant createdAt, Integer exitCode,
            String failure, String output, Instant finishedAt) {
        return new JobObservation(jobName, transaction, createdAt, State.Failed, exitCode, failure, output,
                finishedAt, null, null, false, true, null);
    }

    /** The API server refused to create the step's Job, for this reason: it will never run. */
    public static JobObservation rejected(String jobName, String transaction, String reason) {
        return new JobObservation(jobName, transaction, null, State.Rejected, null,
                "the API server rejected the step's Job: " + reason, null, null, null, null, false, true, null);
    }

    /** The operator did not create the step's Job because its pod could never start: {@code reason} says why. */
    public static JobObservation notCreated(String jobName, String transaction, String reason) {
        return new JobObservation(jobName, transaction, null, State.Rejected, null, reason, null, null, null, null,
                false, true, null);
    }

    /** This observation with the step's image that cannot be pulled. */
    public JobObservation withImagePull(ImagePullTrouble pull) {
        return new JobObservation(jobName, transaction, createdAt, state, exitCode, failure, output, finishedAt,
                pull, foreignOwner, deleting, hasPod, podCreateFailure, shell);
    }

    /** This observation of a Job whose controller is not the run ({@code owner} says who, for people). */
    public JobObservation withForeignOwner(String owner) {
        return new JobObservation(jobName, transaction, createdAt, state, exitCode, failure, output, finishedAt,
                imagePull, owner, deleting, hasPod, podCreateFailure, shell);
    }

    /** This observation of a Job that is (or is not) being deleted. */
    public JobObservation withDeleting(boolean beingDeleted) {
        return new JobObservation(jobName, transaction, createdAt, state, exitCode, failure, output, finishedAt,
                imagePull, foreignOwner, beingDeleted, hasPod, podCreateFailure, shell);
    }

    /** This observation with whether a pod of the Job was seen. */
    public JobObservation withPod(boolean podSeen) {
        return new JobObservation(jobName, transaction, createdAt, state, exitCode, failure, output, finishedAt,
                imagePull, foreignOwner, deleting, podSeen, podCreateFailure, shell);
    }

    /** This observation with the Job's transaction label. */
    public JobObservation withTransaction(String jobTransaction) {
        return new JobObservation(jobName, jobTransaction, createdAt, state, exitCode, failure, output, finishedAt,
                imagePull, foreignOwner, deleting, hasPod, podCreateFailure, shell);
    }

    /** This observation, for a Job without pods, with why its pod cannot be created. */
    public JobObservation withoutPod(String podCreateFailure) {
        return new JobObservation(jobName, transaction, createdAt, state, exitCode, failure, output, finishedAt,
                imagePull, foreignOwner, deleting, false, podCreateFailure, shell);
    }

    /** This Job as one whose outcome is not known yet (seen without its pods: the outcome waits for them). */
    public JobObservation stillRunning() {
        return new JobObservation(jobName, transaction, createdAt, State.Active, null, null, null, null, null,
                foreignOwner, deleting, true, null);
    }

    /** This observation with the shell its container reported. */
    public JobObservation withShell(String reportedShell) {
        return new JobObservation(jobName, transaction, createdAt, state, exitCode, failure, output, finishedAt,
                imagePull, foreignOwner, deleting, hasPod, podCreateFailure, reportedShell);
    }

    /** Whether this is the Job of the step with this transaction: the run controls it and the labels match. */
    public boolean belongsTo(String stepTransaction) {
        return foreignOwner == null && stepTransaction != null && stepTransaction.equals(transaction);
    }

    /** Why this Job is not the step's, for people. */
    public String whyForeign(String stepTransaction) {
        if (foreignOwner != null) {
            return "Job " + jobName + " exists and does not belong to this run (its controller: " + foreignOwner + ")";
        }
        return "Job " + jobName + " exists and does not belong to this run's step (its transaction "
                + transaction + ", the step's " + stepTransaction + ")";
    }

    /** Where a step's Job stands. */
    public enum State {
        Active,
        Succeeded,
        Failed,
        /** The API server refused to create it (422): it never existed. */
        Rejected
    }

    /**
     * The image of the step cannot be pulled (or its container created), since {@code since}; {@code permanent} when
     * waiting cannot help (an invalid image name).
     */
    public record ImagePullTrouble(Instant since, String reason, String detail, boolean permanent) {
        /** Whether the kubelet cannot create the container (CreateContainerError, ...), rather than pull its image. */
        public boolean creating() {
            return reason != null && reason.startsWith("CreateContainer");
        }
    }
}
