package io.polycrate.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.polycrate.operator.api.v1alpha1.PodTemplateOverride;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunSpec;
import io.polycrate.operator.naming.StepLabels;
import io.polycrate.operator.workflow.PlannedStep;
import io.polycrate.operator.workflow.RunPlan;
import io.polycrate.operator.workflow.StepFiles;

/** The block files, artifacts volume and working directory of a step's pod (DESIGN.md, "The step's container"). */
class StepVolumesTest {
    private static final PersistentVolumeClaimSpec ONE_GIB = new PersistentVolumeClaimSpecBuilder()
            .withAccessModes("ReadWriteOnce").withStorageClassName("fast")
            .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().build();

    private static WorkflowRun run() {
        WorkflowRun run = new WorkflowRun();
        run.getMetadata().setName("deploy-x7k2p");
        run.getMetadata().setNamespace("ns");
        run.getMetadata().setUid("run-uid");
        run.setSpec(new WorkflowRunSpec());
        return run;
    }

    private static PlannedStep step(StepFiles files, PodTemplateOverride podTemplate) {
        return new PlannedStep(0, 0, "install", "database", "install", "registry/db:1", List.of("ls"), null, null,
                null, null, null, List.of(), List.of(), podTemplate, files);
    }

    private static RunPlan plan(PlannedStep step, PersistentVolumeClaimSpec artifacts) {
        return new RunPlan("ws", 3L, "deploy", false, null, List.of(step)).withArtifacts(artifacts);
    }

    private static PodSpec pod(RunPlan plan) {
        return JobFactory.build(run(), plan, plan.steps().get(0), "tx-1").getSpec().getTemplate().getSpec();
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> mounts(Container container) {
        return container.getVolumeMounts().stream().map(m -> m.getName() + ":" + m.getMountPath()
                + (m.getSubPath() == null ? "" : "<" + m.getSubPath()) + (Boolean.TRUE.equals(m.getReadOnly())
                        ? " ro" : "")).toList();
    }

    @Test
    void configMapFilesAreTheBlockDirectoryAndTheWorkingDirectoryWithNestedPaths() {
        StepFiles files = StepFiles.ofConfigMap("database", "database-files-5t8h2", List.of(
                new StepFiles.Item("install.yml", "playbooks/install.yml", null),
                new StepFiles.Item("run.sh", "run.sh", 0755)));
        PodSpec pod = pod(plan(step(files, null), null));

        Container container = pod.getContainers().get(0);
        assertThat(container.getWorkingDir()).isEqualTo("/workspace/blocks/database");
        assertThat(mounts(container)).containsExactly("polycrate-block-files:/workspace/blocks/database ro",
                "polycrate-plan:/polycrate ro");
        Volume volume = volume(pod, "polycrate-block-files");
        assertThat(volume.getConfigMap().getName()).isEqualTo("database-files-5t8h2");
        assertThat(volume.getConfigMap().getItems()).extracting(i -> i.getKey() + "->" + i.getPath() + " " + i.getMode())
                .containsExactly("install.yml->playbooks/install.yml null", "run.sh->run.sh 493");
        assertThat(pod.getVolumes()).extracting(Volume::getName)
                .containsExactly("polycrate-plan", "polycrate-block-files");
    }

    @Test
    void configMapFilesWithoutItemsAreEveryKeyAtTheTop() {
        PodSpec pod = pod(plan(step(StepFiles.ofConfigMap("database", "all", List.of()), null), null));

        assertThat(volume(pod, "polycrate-block-files").getConfigMap().getItems()).isEmpty();
    }

    @Test
    void anImageIsMountedAsAnImageVolumeWithItsPullPolicy() {
        StepFiles files = StepFiles.ofImage("database", "registry.example.com/blocks/db:1.0", "IfNotPresent");
        PodSpec pod = pod(plan(step(files, null), null));

        Volume volume = volume(pod, "polycrate-block-files");
        assertThat(volume.getImage().getReference()).isEqualTo("registry.example.com/blocks/db:1.0");
        assertThat(volume.getImage().getPullPolicy()).isEqualTo("IfNotPresent");
        assertThat(volume.getConfigMap()).isNull();
        assertThat(pod.getContainers().get(0).getWorkingDir()).isEqualTo("/workspace/blocks/database");
        assertThat(pod(plan(step(StepFiles.ofImage("database", "registry/db:1", null), null), null)).getVolumes()
                .get(1).getImage().getPullPolicy()).isNull();
    }

    @Test
    void filesInheritedFromAParentAreMountedUnderTheStepsOwnBlock() {
        // the plan says whose files they are; the directory is the step's block's, as DESIGN.md has it
        PodSpec pod = pod(plan(step(StepFiles.ofConfigMap("postgres-base", "base-files", List.of()), null), null));

        assertThat(pod.getContainers().get(0).getWorkingDir()).isEqualTo("/workspace/blocks/database");
        assertThat(volume(pod, "polycrate-block-files").getConfigMap().getName()).isEqualTo("base-files");
    }

    @Test
    void withoutFilesTheImagesOwnWorkingDirectoryHoldsAndNoVolumeIsAdded() {
        PodSpec pod = pod(plan(step(null, null), null));

        assertThat(pod.getContainers().get(0).getWorkingDir()).isNull();
        assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("polycrate-plan");
        assertThat(mounts(pod.getContainers().get(0))).containsExactly("polycrate-plan:/polycrate ro");
    }

    @Test
    void theArtifactsVolumeIsTheRunsClaimAtWorkspaceArtifactsWithTheBlocksOwnDirectory() {
        PodSpec pod = pod(plan(step(null, null), ONE_GIB));

        assertThat(volume(pod, "polycrate-artifacts").getPersistentVolumeClaim().getClaimName())
                .isEqualTo("deploy-x7k2p-artifacts");
        assertThat(mounts(pod.getContainers().get(0))).containsExactly(
                "polycrate-artifacts:/workspace/artifacts",
                "polycrate-artifacts:/workspace/artifacts/blocks/database<blocks/database",
                "polycrate-plan:/polycrate ro");
    }

    @Test
    void aWorkspacesOwnVolumesAndWorkingDirectoryComeWithTheOperatorsOnes() {
        PodTemplateOverride override = new PodTemplateOverride();
        override.setSpec(Map.of("volumes", List.of(Map.of("name", "cache", "emptyDir", Map.of()))));
        override.setContainer(Map.of("workingDir", "/srv", "volumeMounts",
                List.of(Map.of("name", "cache", "mountPath", "/cache"))));
        PodSpec pod = pod(plan(step(StepFiles.ofConfigMap("database", "f", List.of()), override), ONE_GIB));

        assertThat(pod.getVolumes()).extracting(Volume::getName)
                .containsExactly("polycrate-plan", "polycrate-block-files", "polycrate-artifacts", "cache");
        Container container = pod.getContainers().get(0);
        assertThat(container.getVolumeMounts()).extracting(VolumeMount::getMountPath).containsExactly(
                "/workspace/blocks/database", "/workspace/artifacts", "/workspace/artifacts/blocks/database",
                "/polycrate", "/cache");
        // a workspace that sets the working directory knows where its files are
        assertThat(container.getWorkingDir()).isEqualTo("/srv");
    }

    @Test
    void theClaimIsTheFrozenSpecOwnedByTheRunAndLabelledLikeItsJobs() {
        PersistentVolumeClaim claim = ArtifactsClaimFactory.build(run(), plan(step(null, null), ONE_GIB));

        assertThat(claim.getMetadata().getName()).isEqualTo("deploy-x7k2p-artifacts");
        assertThat(claim.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(claim.getMetadata().getLabels()).containsEntry(StepLabels.MANAGED_BY, StepLabels.OPERATOR)
                .containsEntry(StepLabels.RUN, "deploy-x7k2p").containsEntry(StepLabels.WORKSPACE, "ws");
        assertThat(claim.getMetadata().getAnnotations()).containsEntry(StepLabels.RUN_NAME_ANNOTATION, "deploy-x7k2p");
        assertThat(claim.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getController()).isTrue();
            assertThat(ref.getUid()).isEqualTo("run-uid");
            assertThat(ref.getKind()).isEqualTo("WorkflowRun");
        });
        assertThat(claim.getSpec()).isEqualTo(ONE_GIB).isNotSameAs(ONE_GIB);
    }
}
