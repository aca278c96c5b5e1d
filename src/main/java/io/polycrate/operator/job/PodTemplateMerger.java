package io.polycrate.operator.job;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.polycrate.operator.api.v1alpha1.PodTemplateOverride;
import io.polycrate.operator.json.Json;
import io.polycrate.operator.workspace.ConfigMerge;

/**
 * Applies a Workspace's pod template overrides to the operator's pod spec and step container. Maps merge
 * deeply; lists the operator fills itself (volumes, env, volume mounts...) get the user's entries appended;
 * other values are replaced.
 */
final class PodTemplateMerger {
    private static final Set<String> APPENDED_POD_LISTS = Set.of("volumes", "imagePullSecrets", "tolerations");
    private static final Set<String> APPENDED_CONTAINER_LISTS = Set.of("env", "envFrom", "volumeMounts");

    private PodTemplateMerger() {
    }

    static PodSpec mergePodSpec(PodSpec base, PodTemplateOverride override) {
        if (override == null || override.getSpec() == null || override.getSpec().isEmpty()) {
            return base;
        }
        Map<String, Object> merged = ConfigMerge.deepMerge(toMap(base), override.getSpec(), APPENDED_POD_LISTS);
        return Json.SERIALIZATION.convertValue(merged, PodSpec.class);
    }

    static Container mergeContainer(Container base, PodTemplateOverride override) {
        if (override == null || override.getContainer() == null || override.getContainer().isEmpty()) {
            return base;
        }
        Map<String, Object> merged = ConfigMerge.deepMerge(toMap(base), override.getContainer(),
                APPENDED_CONTAINER_LISTS);
        // the operator owns what the step runs
        Map<String, Object> own = toMap(base);
        for (String field : List.of("name", "image", "command", "args", "terminationMessagePolicy")) {
            if (own.containsKey(field)) {
                merged.put(field, own.get(field));
            }
        }
        return Json.SERIALIZATION.convertValue(merged, Container.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(Object value) {
        return Json.SERIALIZATION.convertValue(value, Map.class);
    }
}
