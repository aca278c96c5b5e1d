package io.polycrate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.job.JobOutcomeReader;
import io.polycrate.operator.naming.StepLabels;

class CachedShapesTest {

    private static Job job() {
        return new JobBuilder().withNewMetadata().withName("r-0-one").withNamespace("ns").withUid("job-uid")
                .withResourceVersion("10").withCreationTimestamp("2026-01-30T10:00:00Z")
                .addToLabels(StepLabels.MANAGED_BY, StepLabels.OPERATOR).addToLabels(StepLabels.TRANSACTION, "tx-1")
                .addToLabels("team", "a").addToAnnotations(StepLabels.RUN_NAME_ANNOTATION, "r")
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{...}")
                .addNewOwnerReference().withKind("WorkflowRun").withName("r").withUid("run-uid").withController(true)
                .endOwnerReference()
                .addNewManagedField().withManager("polycrate-operator").withOperation("Update").endManagedField()
                .endMetadata()
                .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().addNewContainer().withName("step")
                .withImage("alpine").withCommand("sh", "-c", "echo hi").endContainer().endSpec().endTemplate()
                .endSpec()
                .withNewStatus().withActive(1).withStartTime("2026-01-30T10:00:01Z").endStatus().build();
    }

    private static Pod pod(String phase) {
        return new PodBuilder().withNewMetadata().withName("r-0-one-x").withNamespace("ns").withUid("pod-uid")
                .withResourceVersion("11").withCreationTimestamp("2026-01-30T10:00:01Z")
                .addToLabels(StepLabels.MANAGED_BY, StepLabels.OPERATOR)
                .addToAnnotations(StepLabels.RUN_NAME_ANNOTATION, "r")
                .addToAnnotations("sandbox.polycrate.io/duration", "1s")
                .addNewOwnerReference().withKind("Job").withName("r-0-one").withUid("job-uid").withController(true)
                .endOwnerReference().endMetadata()
                .withNewSpec().withNodeName("node").addNewContainer().withName("step").withImage("alpine").endContainer()
                .endSpec()
                .withNewStatus().withPhase(phase).addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("step").withImage("alpine").withNewState().withNewRunning()
                .withStartedAt("2026-01-30T10:00:02Z").endRunning().endState().endContainerStatus().endStatus()
                .build();
    }

    private static Pod terminated(Pod pod, String phase, int exitCode) {
        Pod ended = new PodBuilder(pod).editMetadata().withResourceVersion("12").endMetadata().editStatus()
                .withPhase(phase).endStatus().build();
        ended.getStatus().getContainerStatuses().get(0).getState().setRunning(null);
        ended.getStatus().getContainerStatuses().get(0).getState().setTerminated(
                new io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder().withExitCode(exitCode)
                        .withMessage("out").withFinishedAt("2026-01-30T10:00:05Z").build());
        return ended;
    }

    @Test
    void theCachedJobAndPodKeepEverythingTheOutcomeIsReadFrom() {
        Pod ended = terminated(pod("Running"), "Failed", 3);
        Job job = job();

        Job keptJob = CachedShapes.job(job);
        Pod keptPod = CachedShapes.pod(ended);

        assertThat(JobOutcomeReader.read(keptJob, List.of(keptPod), "run-uid"))
                .isEqualTo(JobOutcomeReader.read(job, List.of(ended), "run-uid"));
        assertThat(JobOutcomeReader.read(keptJob, List.of(keptPod), "other-uid"))
                .isEqualTo(JobOutcomeReader.read(job, List.of(ended), "other-uid"));
        assertThat(keptJob.getSpec()).isNull();
        assertThat(keptPod.getSpec()).isNull();
        assertThat(keptJob.getMetadata().getManagedFields()).isEmpty();
        assertThat(keptJob.getMetadata().getLabels()).doesNotContainKey("team").containsKey(StepLabels.TRANSACTION);
        assertThat(keptPod.getMetadata().getAnnotations()).containsOnlyKeys(StepLabels.RUN_NAME_ANNOTATION);
        assertThat(keptPod.getMetadata().getOwnerReferences()).hasSize(1);
    }

    @Test
    void updatesThatDecideNothingAreFilteredOut() {
        Pod pending = pod("Pending");
        Pod running = new PodBuilder(pod("Running")).editMetadata().withResourceVersion("12").endMetadata().build();
        Pod cachedPending = CachedShapes.pod(pending);

        assertThat(CachedShapes.podChanged(running, cachedPending)).as("Pending -> Running").isFalse();
        assertThat(CachedShapes.podChanged(terminated(running, "Succeeded", 0), CachedShapes.pod(running)))
                .as("Running -> Succeeded").isTrue();
        Pod deleting = new PodBuilder(running).editMetadata().withDeletionTimestamp("2026-01-30T10:00:06Z")
                .endMetadata().build();
        assertThat(CachedShapes.podChanged(deleting, CachedShapes.pod(running))).as("deleted").isTrue();

        Job active = job();
        Job counted = new JobBuilder(active).editMetadata().withResourceVersion("13").endMetadata().editStatus()
                .withReady(1).withUncountedTerminatedPods(null).endStatus().build();
        assertThat(CachedShapes.jobChanged(counted, CachedShapes.job(active))).as("ready counted").isFalse();
        Job criteriaMet = new JobBuilder(counted).editStatus().addNewCondition().withType("SuccessCriteriaMet")
                .withStatus("True").endCondition().endStatus().build();
        assertThat(CachedShapes.jobChanged(criteriaMet, CachedShapes.job(counted))).as("SuccessCriteriaMet")
                .isFalse();
        Job complete = new JobBuilder(criteriaMet).editStatus().addNewCondition().withType("Complete")
                .withStatus("True").endCondition().withCompletionTime("2026-01-30T10:00:07Z").endStatus().build();
        assertThat(CachedShapes.jobChanged(complete, CachedShapes.job(criteriaMet))).as("Complete").isTrue();
    }

    @Test
    void aRunIsReadWithoutItsManagedFields() {
        WorkflowRun run = new WorkflowRun();
        run.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("r").withNamespace("ns")
                .addNewManagedField().withManager("kubectl").endManagedField()
                .addToAnnotations(WorkflowRun.APPROVE_ANNOTATION, "workflow").build());

        assertThat(run.getMetadata().getManagedFields()).isNull();
        assertThat(run.getMetadata().getAnnotations()).containsKey(WorkflowRun.APPROVE_ANNOTATION);
        WorkflowRun read = io.polycrate.operator.json.Json.SERIALIZATION.unmarshal("""
                {"apiVersion": "polycrate.io/v1alpha1", "kind": "WorkflowRun", "metadata": {"name": "r",
                 "managedFields": [{"manager": "polycrate-operator", "operation": "Update"}]}}""", WorkflowRun.class);
        assertThat(read.getMetadata().getManagedFields()).isNull();
    }

    @Test
    void onlyChangesOfWhatARunAsksForWakeIt() {
        RunInputsChanged filter = new RunInputsChanged();
        WorkflowRun old = new WorkflowRun();
        old.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("r").withGeneration(1L)
                .build());
        old.setStatus(new io.polycrate.operator.api.v1alpha1.WorkflowRunStatus());
        old.getStatus().setPhase(io.polycrate.operator.api.v1alpha1.RunPhase.Running);

        WorkflowRun statusWritten = new WorkflowRun();
        statusWritten.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(old.getMetadata())
                .withResourceVersion("2").build());
        statusWritten.setStatus(new io.polycrate.operator.api.v1alpha1.WorkflowRunStatus());
        statusWritten.getStatus().setPhase(io.polycrate.operator.api.v1alpha1.RunPhase.Succeeded);
        assertThat(filter.accept(statusWritten, old)).as("own status write").isFalse();

        WorkflowRun approved = new WorkflowRun();
        approved.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(old.getMetadata())
                .addToAnnotations(WorkflowRun.APPROVE_ANNOTATION, "workflow").build());
        approved.setStatus(old.getStatus());
        assertThat(filter.accept(approved, old)).as("approval").isTrue();

        WorkflowRun cancelled = new WorkflowRun();
        cancelled.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(old.getMetadata())
                .withGeneration(2L).build());
        cancelled.setStatus(old.getStatus());
        assertThat(filter.accept(cancelled, old)).as("spec changed").isTrue();

        WorkflowRun restored = new WorkflowRun();
        restored.setMetadata(old.getMetadata());
        assertThat(filter.accept(restored, old)).as("status taken away").isTrue();
    }
}
