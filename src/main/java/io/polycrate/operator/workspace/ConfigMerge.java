package io.polycrate.operator.workspace;

import java.util.LinkedHashMap;
import java.util.Map;

/** Deep merge of free-form config maps: nested maps merge key by key, everything else the child replaces. */
public final class ConfigMerge {
    private ConfigMerge() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> deepMerge(Map<String, Object> parent, Map<String, Object> child) {
        Map<String, Object> merged = new LinkedHashMap<>();
        if (parent != null) {
            merged.putAll(parent);
        }
        if (child == null) {
            return merged;
        }
        child.forEach((key, childValue) -> {
            Object parentValue = merged.get(key);
            if (parentValue instanceof Map<?, ?> parentMap && childValue instanceof Map<?, ?> childMap) {
                merged.put(key, deepMerge((Map<String, Object>) parentMap, (Map<String, Object>) childMap));
            } else {
                merged.put(key, childValue);
            }
        });
        return merged;
    }
}
