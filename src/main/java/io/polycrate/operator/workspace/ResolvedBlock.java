package io.polycrate.operator.workspace;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.polycrate.operator.api.v1alpha1.Action;
import io.polycrate.operator.api.v1alpha1.PodTemplateOverride;

/**
 * A block with its {@code from} chain applied: inherited image, merged config, env and pod template, and the
 * actions of the chain with the child's replacing the parent's by name (in the parent's order, new ones after), and
 * its block directory (null when neither it nor an ancestor has files).
 */
public record ResolvedBlock(String name, String image, Map<String, Object> config, List<EnvVar> env,
        PodTemplateOverride podTemplate, Map<String, Action> actions, BlockDirectory directory) {

    public Optional<Action> action(String actionName) {
        return Optional.ofNullable(actions.get(actionName));
    }
}
