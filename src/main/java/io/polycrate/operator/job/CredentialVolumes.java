package io.polycrate.operator.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.polycrate.operator.workflow.PlannedStep;
import io.polycrate.operator.workspace.CredentialCandidate;
import io.polycrate.operator.workspace.CredentialSources.Kind;

/**
 * The Secrets a step may take its kubeconfig and inventory from, as read-only volumes at
 * /etc/polycrate/&lt;kubeconfig|inventory&gt;/: optional, so that a missing Secret fails the step with a message from
 * its runner instead of leaving the pod waiting. A step has at most one Secret of each kind (its candidates end at the
 * first). Pure code.
 */
final class CredentialVolumes {
    private CredentialVolumes() {
    }

    static List<Volume> volumes(PlannedStep step) {
        List<Volume> volumes = new ArrayList<>();
        secret(step, Kind.KUBECONFIG).ifPresent(s -> volumes.add(volume(Kind.KUBECONFIG, s)));
        secret(step, Kind.INVENTORY).ifPresent(s -> volumes.add(volume(Kind.INVENTORY, s)));
        return volumes;
    }

    static List<VolumeMount> mounts(PlannedStep step) {
        List<VolumeMount> mounts = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            secret(step, kind).ifPresent(s -> mounts.add(new VolumeMountBuilder().withName(volumeName(kind))
                    .withMountPath(StepRunner.secretDirectory(kind)).withReadOnly(true).build()));
        }
        return mounts;
    }

    private static Optional<CredentialCandidate> secret(PlannedStep step, Kind kind) {
        List<CredentialCandidate> candidates = kind == Kind.KUBECONFIG ? step.kubeconfig() : step.inventory();
        return candidates == null ? Optional.empty()
                : candidates.stream().filter(CredentialCandidate::isSecret).findFirst();
    }

    private static Volume volume(Kind kind, CredentialCandidate secret) {
        return new VolumeBuilder().withName(volumeName(kind))
                .withNewSecret()
                .withSecretName(secret.secretName())
                .withItems(new KeyToPathBuilder().withKey(secret.secretKey()).withPath(kind.fileName()).build())
                .withOptional(true)
                .endSecret()
                .build();
    }

    private static String volumeName(Kind kind) {
        return "polycrate-" + kind.field();
    }
}
