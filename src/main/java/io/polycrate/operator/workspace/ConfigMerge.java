package io.polycrate.operator.workspace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's one deep merge of free-form maps (config, pod templates): nested maps merge key by key, everything
 * else the child replaces, except lists under the top-level keys the caller names, which are appended to.
 */
public final class ConfigMerge {
    private ConfigMerge() {
    }

    /** The child over the parent: nested maps merge key by key, everything else the child replaces. */
    public static Map<String, Object> deepMerge(Map<String, Object> parent, Map<String, Object> child) {
        return deepMerge(parent, child, Set.of());
    }

    /**
     * As {@link #deepMerge(Map, Map)}, but a list under one of the top-level keys {@code appendedLists} gets the
     * child's entries appended to the parent's (lists the operator fills itself: volumes, env, ...).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> deepMerge(Map<String, Object> parent, Map<String, Object> child,
            Set<String> appendedLists) {
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
            } else if (appendedLists.contains(key) && parentValue instanceof List<?> parentList
                    && childValue instanceof List<?> childList) {
                List<Object> combined = new ArrayList<>(parentList);
                combined.addAll(childList);
                merged.put(key, combined);
            } else {
                merged.put(key, childValue);
            }
        });
        return merged;
    }
}
