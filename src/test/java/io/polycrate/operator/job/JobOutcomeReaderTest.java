package io.polycrate.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.polycrate.operator.naming.StepLabels;
import io.polycrate.operator.workflow.JobObservation.State;
import io.polycrate.operator.workflow.JobObservation;

class JobOutcomeReaderTest {

    private static Job job(String conditionType, String reason) {
        JobBuilder builder = new JobBuilder().withNewMetadata().withName("r-0-one")
                .withCreationTimestamp("2026-01-30T10:00:00Z")
                .addToLabels(StepLabels.TRANSACTION, "tx-1").endMetadata();
        if (conditionType == null) {
            return builder.withNewStatus().withActive(1).endStatus().build();
        }
        return builder.withNewStatus().withStartTime("2026-01-30T10:00:01Z")
                .withCompletionTime("Complete".equals(conditionType) ? "2026-01-30T10:00:09Z" : null)
                .addNewCondition().withType(conditionType).withStatus("True").withReason(reason)
                .withLastTransitionTime("2026-01-30T10:00:09Z").endCondition()
                .endStatus().build();
    }

    private static io.fabric8.kubernetes.api.model.Pod terminated(int exitCode, String message) {
        return new PodBuilder().withNewMetadata().withName("p").withCreationTimestamp("2026-01-30T10:00:01Z")
                .endMetadata().withNewStatus().addNewContainerStatus().withName(StepLabels.CONTAINER)
                .withNewState().withNewTerminated().withExitCode(exitCode).withMessage(message).endTerminated()
                .endState().endContainerStatus().endStatus().build();
    }

    @Test
    void completeIsSuccess() {
        JobObservation seen = JobOutcomeReader.read(job("Complete", "CompletionsReached"), List.of(terminated(0, "")));

        assertThat(seen.state()).isEqualTo(State.Succeeded);
        assertThat(seen.exitCode()).isZero();
        assertThat(seen.transaction()).isEqualTo("tx-1");
        assertThat(seen.finishedAt()).hasToString("2026-01-30T10:00:09Z");
    }

    @Test
    void failedTakesTheExitCodeAndOutputFromThePod() {
        JobObservation seen = JobOutcomeReader.read(job("Failed", "BackoffLimitExceeded"),
                List.of(terminated(2, "error: relation does not exist\n")));

        assertThat(seen.state()).isEqualTo(State.Failed);
        assertThat(seen.exitCode()).isEqualTo(2);
        assertThat(seen.failure()).isEqualTo("exit code 2");
        assertThat(seen.output()).isEqualTo("error: relation does not exist");
    }

    @Test
    void theRunnersReportNamesTheShellAndIsNoPartOfTheOutput() {
        JobObservation succeeded = JobOutcomeReader.read(job("Complete", "CompletionsReached"),
                List.of(terminated(0, "polycrate: the step ran under sh -eu\n")));
        JobObservation failed = JobOutcomeReader.read(job("Failed", "BackoffLimitExceeded"), List.of(terminated(3,
                "connecting\nboom\npolycrate: the step ran under bash -euo pipefail and exited with code 3\n")));
        JobObservation unreported = JobOutcomeReader.read(job("Failed", "BackoffLimitExceeded"),
                List.of(terminated(1, "polycrate: KUBECONFIG: the Secret \"prod\" does not exist\n")));

        assertThat(succeeded.shell()).isEqualTo("sh");
        assertThat(succeeded.output()).isEmpty();
        assertThat(failed.shell()).isEqualTo("bash");
        assertThat(failed.output()).isEqualTo("connecting\nboom");
        assertThat(unreported.shell()).isNull();
        assertThat(unreported.output()).isEqualTo("polycrate: KUBECONFIG: the Secret \"prod\" does not exist");
    }

    @Test
    void deadlineExceededIsNamedEvenWithoutAPod() {
        JobObservation seen = JobOutcomeReader.read(job("Failed", "DeadlineExceeded"), List.of());

        assertThat(seen.state()).isEqualTo(State.Failed);
        assertThat(seen.exitCode()).isNull();
        assertThat(seen.failure()).startsWith("DeadlineExceeded");
    }

    @Test
    void aRunningJobWhosePodCannotPullItsImage() {
        var pod = new PodBuilder().withNewMetadata().withName("p").withCreationTimestamp("2026-01-30T10:00:01Z")
                .endMetadata().withNewStatus().addNewContainerStatus().withName(StepLabels.CONTAINER)
                .withNewState().withNewWaiting().withReason("ImagePullBackOff").withMessage("not found").endWaiting()
                .endState().endContainerStatus().endStatus().build();

        JobObservation seen = JobOutcomeReader.read(job(null, null), List.of(pod));

        assertThat(seen.state()).isEqualTo(State.Active);
        assertThat(seen.imagePull().reason()).isEqualTo("ImagePullBackOff");
        assertThat(seen.imagePull().permanent()).isFalse();
        assertThat(seen.imagePull().since()).hasToString("2026-01-30T10:00:01Z");
    }

    @Test
    void aRunningJobWhoseContainerTheKubeletCannotCreate() {
        // an image volume on a runtime without image volumes (containerd 1.6 in the sandbox), a missing Secret key
        for (String reason : List.of("CreateContainerError", "CreateContainerConfigError")) {
            var pod = new PodBuilder().withNewMetadata().withName("p").withCreationTimestamp("2026-01-30T10:00:01Z")
                    .endMetadata().withNewStatus().addNewContainerStatus().withName(StepLabels.CONTAINER)
                    .withNewState().withNewWaiting().withReason(reason).withMessage("failed").endWaiting()
                    .endState().endContainerStatus().endStatus().build();

            JobObservation seen = JobOutcomeReader.read(job(null, null), List.of(pod));

            assertThat(seen.imagePull().reason()).isEqualTo(reason);
            assertThat(seen.imagePull().creating()).isTrue();
            assertThat(seen.imagePull().permanent()).isFalse();
        }
    }

    @Test
    void anEvictedPodIsSaidToBeEvicted() {
        var pod = terminated(143, "");
        pod.getStatus().setConditions(List.of(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                .withType("DisruptionTarget").withStatus("True").withReason("EvictionByEvictionAPI")
                .withMessage("Eviction API: evicting").build()));

        JobObservation seen = JobOutcomeReader.read(job("Failed", "BackoffLimitExceeded"), List.of(pod));

        assertThat(seen.failure()).isEqualTo("the step's pod was evicted (EvictionByEvictionAPI): Eviction API: "
                + "evicting (exit code 143)");
    }

    @Test
    void anEvictionTheJobControllerSawIsSaidWithoutThePod() {
        Job job = job("Failed", "PodFailurePolicy");
        job.getStatus().getConditions().get(0).setMessage(
                "Pod ns/r-0-one-x has condition DisruptionTarget matching FailJob rule at index 0");

        assertThat(JobOutcomeReader.read(job, List.of()).failure()).isEqualTo("the step's pod was evicted or otherwise "
                + "stopped from outside (DisruptionTarget): Pod ns/r-0-one-x has condition DisruptionTarget matching "
                + "FailJob rule at index 0");
    }

    @Test
    void ownershipAndPodsAreRead() {
        Job job = job(null, null);
        job.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                .withKind("WorkflowRun").withName("r").withUid("uid-1").withController(true).build()));

        assertThat(JobOutcomeReader.read(job, List.of(), "uid-1").foreignOwner()).isNull();
        assertThat(JobOutcomeReader.read(job, List.of(), "uid-1").hasPod()).isFalse();
        assertThat(JobOutcomeReader.read(job, List.of(terminated(0, "")), "uid-1").hasPod()).isTrue();
        assertThat(JobOutcomeReader.read(job, List.of(), "uid-2").foreignOwner())
                .isEqualTo("WorkflowRun r (uid uid-1)");
        job.getMetadata().setOwnerReferences(List.of());
        assertThat(JobOutcomeReader.read(job, List.of(), "uid-1").foreignOwner()).isEqualTo("none");
    }

    private static io.fabric8.kubernetes.api.model.Pod ended(String phase, Integer exitCode, String message) {
        var pod = new PodBuilder().withNewMetadata().withName("p").withCreationTimestamp("2026-01-30T10:00:01Z")
                .endMetadata().withNewStatus().withPhase(phase).endStatus().build();
        if (exitCode != null) {
            pod.getStatus().setContainerStatuses(List.of(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                    .withName(StepLabels.CONTAINER).withNewState().withNewTerminated().withExitCode(exitCode)
                    .withMessage(message).withFinishedAt("2026-01-30T10:00:05Z").endTerminated().endState()
                    .build()));
        }
        return pod;
    }

    @Test
    void aSucceededPodEndsTheStepBeforeTheJobControllerMarksTheJob() {
        JobObservation seen = JobOutcomeReader.read(job(null, null), List.of(ended("Succeeded", 0, "done\n")));

        assertThat(seen.state()).isEqualTo(State.Succeeded);
        assertThat(seen.exitCode()).isZero();
        assertThat(seen.output()).isEqualTo("done");
        assertThat(seen.finishedAt()).hasToString("2026-01-30T10:00:05Z");
    }

    @Test
    void aFailedPodFailsTheStepWithItsExitCodeAndOutput() {
        JobObservation seen = JobOutcomeReader.read(job(null, null), List.of(ended("Failed", 3, "boom")));

        assertThat(seen.state()).isEqualTo(State.Failed);
        assertThat(seen.exitCode()).isEqualTo(3);
        assertThat(seen.failure()).isEqualTo("exit code 3");
        assertThat(seen.output()).isEqualTo("boom");
        assertThat(seen.finishedAt()).hasToString("2026-01-30T10:00:05Z");
    }

    @Test
    void aFailedPodWithoutAnExitCodeSaysWhatKubeletSaid() {
        var pod = ended("Failed", null, null);
        pod.getStatus().setReason("OutOfmemory");
        pod.getStatus().setMessage("Pod was rejected: Node didn't have enough resource: memory");

        JobObservation seen = JobOutcomeReader.read(job(null, null), List.of(pod));

        assertThat(seen.state()).isEqualTo(State.Failed);
        assertThat(seen.exitCode()).isNull();
        assertThat(seen.failure()).isEqualTo("the step's pod failed: OutOfmemory: Pod was rejected: Node didn't "
                + "have enough resource: memory");
    }

    @Test
    void aPodBeingDeletedLeavesTheOutcomeToTheJobsCondition() {
        // the Job controller deletes the pod of a Job past its deadline: exit code 143 is not the reason
        var pod = ended("Failed", 143, "");
        pod.getMetadata().setDeletionTimestamp("2026-01-30T10:00:07Z");

        assertThat(JobOutcomeReader.read(job(null, null), List.of(pod)).state()).isEqualTo(State.Active);
        JobObservation failed = JobOutcomeReader.read(job("Failed", "DeadlineExceeded"), List.of(pod));
        assertThat(failed.state()).isEqualTo(State.Failed);
        assertThat(failed.failure()).startsWith("DeadlineExceeded");
    }

    @Test
    void aRunningPodLeavesTheStepRunning() {
        var pod = new PodBuilder().withNewMetadata().withName("p").withCreationTimestamp("2026-01-30T10:00:01Z")
                .endMetadata().withNewStatus().withPhase("Running").endStatus().build();

        assertThat(JobOutcomeReader.read(job(null, null), List.of(pod)).state()).isEqualTo(State.Active);
        assertThat(JobOutcomeReader.read(job(null, null), List.of()).state()).isEqualTo(State.Active);
    }

    @Test
    void outputIsBoundedToItsTail() {
        String output = "x".repeat(3000) + "\nlast line";

        String tail = JobOutcomeReader.tail(output);

        assertThat(tail.length()).isLessThanOrEqualTo(JobOutcomeReader.MAX_OUTPUT);
        assertThat(tail).endsWith("last line").startsWith("...");
    }
}
