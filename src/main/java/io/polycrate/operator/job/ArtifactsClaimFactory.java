package io.polycrate.operator.job;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.json.Json;
import io.polycrate.operator.naming.KubernetesNames;
import io.polycrate.operator.naming.StepLabels;
import io.polycrate.operator.workflow.RunPlan;

/**
 * Builds a run's artifacts PersistentVolumeClaim: the frozen plan's spec, labelled like the run's other objects and
 * owned by the run (controller reference), so that the garbage collector deletes it with the run. Pure code.
 */
public final class ArtifactsClaimFactory {
    private ArtifactsClaimFactory() {
    }

    public static PersistentVolumeClaim build(WorkflowRun run, RunPlan plan) {
        String runName = run.getMetadata().getName();
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(KubernetesNames.artifactsClaimName(runName))
                .withNamespace(run.getMetadata().getNamespace())
                .addToLabels(StepLabels.MANAGED_BY, StepLabels.OPERATOR)
                .addToLabels(StepLabels.RUN, KubernetesNames.labelValue(runName))
                .addToLabels(StepLabels.WORKSPACE, KubernetesNames.labelValue(plan.workspace()))
                .addToAnnotations(StepLabels.RUN_NAME_ANNOTATION, runName)
                .withOwnerReferences(KubernetesNames.controllerReferenceTo(run))
                .endMetadata()
                .withSpec(Json.SERIALIZATION.clone(plan.artifacts()))
                .build();
    }
}
