package io.polycrate.operator.job;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.polycrate.operator.workflow.StepFiles;

/**
 * Whether a step's block files can be mounted: its ConfigMap exists and has every key the items name. A pod whose
 * ConfigMap volume cannot be mounted waits in ContainerCreating for ever (the kubelet only says so in events), so the
 * operator looks before it creates the step's Job. Pure code.
 */
public final class BlockFilesCheck {
    private BlockFilesCheck() {
    }

    /** Why the files cannot be mounted from {@code found} (the ConfigMap, null if there is none); empty if they can. */
    public static Optional<String> problem(StepFiles files, ConfigMap found, String namespace) {
        if (files == null || files.configMap() == null) {
            return Optional.empty();
        }
        String what = "ConfigMap \"" + files.configMap() + "\" (files.configMapRef of block \"" + files.block() + "\")";
        if (found == null) {
            return Optional.of("the block's files cannot be mounted: " + what + " does not exist in namespace \""
                    + namespace + "\"");
        }
        Set<String> keys = new LinkedHashSet<>();
        if (found.getData() != null) {
            keys.addAll(found.getData().keySet());
        }
        if (found.getBinaryData() != null) {
            keys.addAll(found.getBinaryData().keySet());
        }
        List<String> missing = files.items().stream().map(StepFiles.Item::key).filter(key -> !keys.contains(key))
                .distinct().toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the block's files cannot be mounted: " + what + " has no key " + quoted(missing)
                + " (files.items)" + (keys.isEmpty() ? "; it has no keys" : "; it has: " + String.join(", ", keys)));
    }

    private static String quoted(List<String> keys) {
        return String.join(", ", keys.stream().map(key -> "\"" + key + "\"").toList());
    }
}
