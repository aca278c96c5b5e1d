package io.polycrate.operator.workflow;

import java.util.List;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.polycrate.operator.api.v1alpha1.PodTemplateOverride;
import io.polycrate.operator.workspace.CredentialCandidate;

/**
 * One step of a frozen plan, with everything its Job needs: inheritance applied, image chosen, pod template
 * merged, templates rendered. {@code index} is the step's position in the workflow, {@code position} its place in
 * this plan; {@code files} the block files it runs in (null: none, the image's working directory);
 * {@code kubeconfig} and {@code inventory} where the step takes KUBECONFIG and ANSIBLE_INVENTORY from, in order
 * (null in a plan frozen before they existed: none).
 */
public record PlannedStep(int position, int index, String name, String block, String action, String image,
        List<String> script, String playbook, Long timeoutSeconds, String stepPrompt, String actionPrompt,
        String serviceAccountName, List<EnvVar> env, List<EnvFromSource> envFrom,
        PodTemplateOverride podTemplate, StepFiles files, List<CredentialCandidate> kubeconfig,
        List<CredentialCandidate> inventory) {

    /** A step without block files, kubeconfig or inventory. */
    public PlannedStep(int position, int index, String name, String block, String action, String image,
            List<String> script, String playbook, Long timeoutSeconds, String stepPrompt, String actionPrompt,
            String serviceAccountName, List<EnvVar> env, List<EnvFromSource> envFrom,
            PodTemplateOverride podTemplate) {
        this(position, index, name, block, action, image, script, playbook, timeoutSeconds, stepPrompt, actionPrompt,
                serviceAccountName, env, envFrom, podTemplate, null);
    }

    /** A step without kubeconfig or inventory. */
    public PlannedStep(int position, int index, String name, String block, String action, String image,
            List<String> script, String playbook, Long timeoutSeconds, String stepPrompt, String actionPrompt,
            String serviceAccountName, List<EnvVar> env, List<EnvFromSource> envFrom,
            PodTemplateOverride podTemplate, StepFiles files) {
        this(position, index, name, block, action, image, script, playbook, timeoutSeconds, stepPrompt, actionPrompt,
                serviceAccountName, env, envFrom, podTemplate, files, List.of(), List.of());
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
