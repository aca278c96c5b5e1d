package io.polycrate.operator.job;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.polycrate.operator.naming.KubernetesNames;
import io.polycrate.operator.workflow.PlannedStep;
import io.polycrate.operator.workflow.RunPlan;
import io.polycrate.operator.workflow.StepFiles;

/**
 * The volumes of a step's pod besides its plan: the block's files at {@code /workspace/blocks/<block>} (a ConfigMap
 * or an image volume, read-only), and the run's artifacts volume at {@code /workspace/artifacts}. Pure code.
 */
final class StepVolumes {
    static final String BLOCKS_ROOT = "/workspace/blocks";
    static final String ARTIFACTS_MOUNT = "/workspace/artifacts";
    static final String FILES_VOLUME = "polycrate-block-files";
    static final String ARTIFACTS_VOLUME = "polycrate-artifacts";

    private StepVolumes() {
    }

    /** The block directory: the step's working directory when it has block files; null when it has none. */
    static String workingDir(PlannedStep step) {
        return step.files() == null ? null : blockDirectory(step);
    }

    static List<Volume> volumes(String runName, RunPlan plan, PlannedStep step) {
        List<Volume> volumes = new ArrayList<>();
        StepFiles files = step.files();
        if (files != null && files.configMap() != null) {
            volumes.add(new VolumeBuilder().withName(FILES_VOLUME).withNewConfigMap()
                    .withName(files.configMap())
                    .withItems(files.items().stream().map(item -> new KeyToPathBuilder().withKey(item.key())
                            .withPath(item.path()).withMode(item.mode()).build()).toList())
                    .endConfigMap().build());
        } else if (files != null && files.image() != null) {
            volumes.add(new VolumeBuilder().withName(FILES_VOLUME).withNewImage()
                    .withReference(files.image()).withPullPolicy(files.pullPolicy())
                    .endImage().build());
        }
        if (plan.artifacts() != null) {
            volumes.add(new VolumeBuilder().withName(ARTIFACTS_VOLUME).withNewPersistentVolumeClaim()
                    .withClaimName(KubernetesNames.artifactsClaimName(runName))
                    .endPersistentVolumeClaim().build());
        }
        return volumes;
    }

    static List<VolumeMount> mounts(RunPlan plan, PlannedStep step) {
        List<VolumeMount> mounts = new ArrayList<>();
        if (step.files() != null) {
            mounts.add(new VolumeMountBuilder().withName(FILES_VOLUME).withMountPath(blockDirectory(step))
                    .withReadOnly(true).build());
        }
        if (plan.artifacts() != null) {
            mounts.add(new VolumeMountBuilder().withName(ARTIFACTS_VOLUME).withMountPath(ARTIFACTS_MOUNT).build());
            // Polycrate makes artifacts/blocks/<block> for every block before an action runs; the kubelet makes a
            // sub path that does not exist yet, so the block's own is there even for the run's first step
            String blockArtifacts = "blocks/" + step.block();
            mounts.add(new VolumeMountBuilder().withName(ARTIFACTS_VOLUME)
                    .withMountPath(ARTIFACTS_MOUNT + "/" + blockArtifacts).withSubPath(blockArtifacts).build());
        }
        return mounts;
    }

    private static String blockDirectory(PlannedStep step) {
        return BLOCKS_ROOT + "/" + step.block();
    }
}
