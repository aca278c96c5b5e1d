package io.polycrate.operator.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.polycrate.operator.api.v1alpha1.PodTemplateOverride;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.naming.KubernetesNames;
import io.polycrate.operator.naming.StepLabels;
import io.polycrate.operator.status.ConditionStatus;
import io.polycrate.operator.workflow.PlannedStep;
import io.polycrate.operator.workflow.RunPlan;
import io.polycrate.operator.workflow.StepEnvironment;
import io.polycrate.operator.workspace.WorkspaceValidator;

/** Builds the Job of one step: what DESIGN.md's "The step's container" describes. Pure code. */
public final class JobFactory {
    /** Where the step's script and snapshot are mounted. */
    public static final String PLAN_MOUNT = StepEnvironment.PLAN_MOUNT;
    public static final String SCRIPT_PATH = StepEnvironment.SCRIPT_PATH;
    public static final String SNAPSHOT_PATH = StepEnvironment.SNAPSHOT_PATH;
    private static final String PLAN_VOLUME = "polycrate-plan";

    private JobFactory() {
    }

    public static Job build(WorkflowRun run, RunPlan plan, PlannedStep step, String transaction) {
        String runName = run.getMetadata().getName();
        String jobName = KubernetesNames.jobName(runName, step.index(), step.name());
        PodTemplateOverride override = step.podTemplate();

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(StepLabels.MANAGED_BY, StepLabels.OPERATOR);
        labels.put(StepLabels.RUN, KubernetesNames.labelValue(runName));
        labels.put(StepLabels.WORKSPACE, KubernetesNames.labelValue(plan.workspace()));
        if (plan.workflow() != null) {
            labels.put(StepLabels.WORKFLOW, plan.workflow());
        }
        labels.put(StepLabels.STEP, step.name());
        labels.put(StepLabels.STEP_INDEX, Integer.toString(step.index()));
        labels.put(StepLabels.TRANSACTION, transaction);
        Map<String, String> annotations = Map.of(StepLabels.RUN_NAME_ANNOTATION, runName);

        Map<String, String> podLabels = new LinkedHashMap<>();
        Map<String, String> podAnnotations = new LinkedHashMap<>();
        if (override != null && override.getMetadata() != null) {
            if (override.getMetadata().getLabels() != null) {
                podLabels.putAll(override.getMetadata().getLabels());
            }
            if (override.getMetadata().getAnnotations() != null) {
                podAnnotations.putAll(override.getMetadata().getAnnotations());
            }
        }
        podLabels.putAll(labels);
        podAnnotations.putAll(annotations);

        boolean ownWorkingDir = override != null && override.getContainer() != null
                && override.getContainer().get("workingDir") != null;
        Container container = PodTemplateMerger.mergeContainer(container(step, !ownWorkingDir), override);
        // the operator's variables come last and replace any of the same name: a workspace cannot shadow them
        // (the validator refuses such a workspace; this keeps a plan frozen before that rule honest too)
        List<EnvVar> env = new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
        env.removeIf(var -> var.getName() != null && var.getName().startsWith(WorkspaceValidator.OPERATOR_ENV_PREFIX));
        env.addAll(operatorEnv(run, plan, step, transaction));
        container.setEnv(env);
        // the block's files and the run's artifacts volume: the operator's, like the plan (a workspace's own volumes
        // and mounts from podTemplate come after them)
        List<VolumeMount> mounts = new ArrayList<>(StepVolumes.mounts(plan, step));
        mounts.addAll(container.getVolumeMounts());
        container.setVolumeMounts(mounts);
        if (container.getWorkingDir() == null) {
            container.setWorkingDir(StepVolumes.workingDir(step));
        }
        PodSpec podSpec = PodTemplateMerger.mergePodSpec(new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withServiceAccountName(step.serviceAccountName())
                .withContainers(container)
                .withVolumes(new VolumeBuilder()
                        .withName(PLAN_VOLUME)
                        .withNewConfigMap()
                        .withName(KubernetesNames.planConfigMapName(runName))
                        .withItems(planItems(step))
                        .endConfigMap()
                        .build())
                .addAllToVolumes(StepVolumes.volumes(runName, plan, step))
                .addAllToVolumes(CredentialVolumes.volumes(step))
                .build(), override);

        return new JobBuilder()
                .withNewMetadata()
                .withName(jobName)
                .withNamespace(run.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .withOwnerReferences(KubernetesNames.controllerReferenceTo(run))
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                // an evicted (preempted, node-lost) pod fails the Job saying so, even when the pod is gone before
                // the operator reads it
                .withNewPodFailurePolicy()
                .addNewRule().withAction("FailJob")
                .addNewOnPodCondition().withType("DisruptionTarget").withStatus(ConditionStatus.True.name())
                .endOnPodCondition()
                .endRule()
                .endPodFailurePolicy()
                .withActiveDeadlineSeconds(step.timeoutSeconds())
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels).withAnnotations(podAnnotations).endMetadata()
                .withSpec(podSpec)
                .endTemplate()
                .endSpec()
                .build();
    }

    private static List<io.fabric8.kubernetes.api.model.KeyToPath> planItems(PlannedStep step) {
        List<io.fabric8.kubernetes.api.model.KeyToPath> items = new ArrayList<>();
        if (step.script() != null) {
            items.add(new KeyToPathBuilder().withKey(step.scriptKey()).withPath("step.sh").build());
        }
        items.add(new KeyToPathBuilder().withKey(step.snapshotKey()).withPath("snapshot.yaml").build());
        return items;
    }

    private static List<EnvVar> operatorEnv(WorkflowRun run, RunPlan plan, PlannedStep step, String transaction) {
        List<EnvVar> env = new ArrayList<>();
        StepEnvironment.of(run.getMetadata().getName(), run.getSpec().forced(), plan.workspace(), plan.workflow(),
                step, transaction).forEach((name, value) -> env.add(new EnvVar(name, value, null)));
        return env;
    }

    private static Container container(PlannedStep step, boolean enterBlockDirectory) {
        return new ContainerBuilder()
                .withName(StepLabels.CONTAINER)
                .withImage(step.image())
                .withCommand("/bin/sh", "-c", StepRunner.script(step, enterBlockDirectory))
                .withEnv(step.env() == null ? List.of() : step.env())
                .withEnvFrom(step.envFrom())
                .withVolumeMounts(new VolumeMountBuilder().withName(PLAN_VOLUME).withMountPath(PLAN_MOUNT)
                        .withReadOnly(true).build())
                .addAllToVolumeMounts(CredentialVolumes.mounts(step))
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .build();
    }
}
