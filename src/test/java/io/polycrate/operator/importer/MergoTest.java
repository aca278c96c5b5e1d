package io.polycrate.operator.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.polycrate.operator.workspace.ConfigMerge;

/** Polycrate's merge (mergo without overwrite), and where it differs from the operator's. */
class MergoTest {
    @Test
    void theSourceFillsOnlyTheDestinationsGapsAndZeroValuesCountAsGaps() {
        Map<String, Object> child = map("replicas", 0, "debug", false, "name", "", "image", "app:2",
                "volumes", List.of(), "labels", map());
        Map<String, Object> parent = map("replicas", 2, "debug", true, "name", "base", "image", "base:1",
                "volumes", List.of("data"), "labels", map("tier", "web"), "extra", "kept");

        assertThat(Mergo.merge(child, parent)).isEqualTo(map("replicas", 2, "debug", true, "name", "base",
                "image", "app:2", "volumes", List.of("data"), "labels", map("tier", "web"), "extra", "kept"));
        // the operator's merge: the child wins, zero values too
        assertThat(ConfigMerge.deepMerge(parent, child)).containsEntry("replicas", 0).containsEntry("debug", false);
    }

    @Test
    void mappingsMergeKeyByKeyAndNonEmptyListsAndScalarsOfTheDestinationStay() {
        Map<String, Object> child = map("ingress", map("host", "app", "tls", false), "ports", List.of(8080),
                "mode", "a");
        Map<String, Object> parent = map("ingress", map("host", "base", "tls", true, "class", "nginx"),
                "ports", List.of(80, 443), "mode", map("nested", 1));

        assertThat(Mergo.merge(child, parent)).isEqualTo(map("ingress", map("host", "app", "tls", true,
                "class", "nginx"), "ports", List.of(8080), "mode", "a"));
    }

    @Test
    void nullSourcesChangeNothingAndTheResultIsACopy() {
        Map<String, Object> child = map("a", map("b", 1));
        Map<String, Object> merged = Mergo.merge(child, map("a", null, "c", null));

        assertThat(merged).isEqualTo(child).isNotSameAs(child);
        assertThat(Mergo.merge(null, null)).isNull();
        assertThat(Mergo.merge(null, map("x", 1))).isEqualTo(map("x", 1));
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
