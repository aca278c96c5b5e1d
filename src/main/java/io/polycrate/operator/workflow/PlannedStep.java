package io.polycrate.operator.workflow;

import java.util.List;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.polycrate.operator.api.v1alpha1.PodTemplateOverride;

/**
 * One step of a frozen plan, with everything its Job needs: inheritance applied, image chosen, pod template
 * merged. {@code index} is the step's position in the workflow, {@code position} its place in this plan;
 * {@code files} the block files it runs in (null: none, the image's working directory).
 */
public record PlannedStep(int position, int index, String name, String block, String action, String image,
        List<String> script, String playbook, Long timeoutSeconds, String stepPrompt, String actionPrompt,
        String serviceAccountName, List<EnvVar> env, List<EnvFromSource> envFrom,
        PodTemplateOverride podTemplate, StepFiles files) {

    /** A step without block files. */
    public PlannedStep(int position, int index, String name, String block, String action, String image,
            List<String> script, String playbook, Long timeoutSeconds, String stepPrompt, String actionPrompt,
            String serviceAccountName, List<EnvVar> env, List<EnvFromSource> envFrom,
            PodTemplateOverride podTemplate) {
        this(position, index, name, block, action, image, script, playbook, timeoutSeconds, stepPrompt, actionPrompt,
                serviceAccountName, env, envFrom, podTemplate, null);
    }

    /** The key of this step's script in the plan ConfigMap. */
    public String scriptKey() {
        return "step-" + position + ".sh";
    }

    /** The key of this step's workspace snapshot in the plan ConfigMap. */
    public String snapshotKey() {
        return "step-" + position + "-snapshot.yaml";
    }
}
