package io.polycrate.operator.workflow;

import java.util.List;

/**
 * The block files a step gets, frozen in its plan: those of {@code block} (the step's block, or the ancestor it has
 * them from), either the keys of ConfigMap {@code configMap} ({@code items}, or all keys where there are none) or
 * the OCI image {@code image} (with {@code pullPolicy}, null for Kubernetes' default). The ConfigMap and the image
 * are references: their content is what the step's pod finds when it starts.
 */
public record StepFiles(String block, String configMap, List<Item> items, String image, String pullPolicy) {

    /** One ConfigMap key as a file at {@code path} of the block directory; {@code mode} null for the default. */
    public record Item(String key, String path, Integer mode) {
    }

    public static StepFiles ofConfigMap(String block, String configMap, List<Item> items) {
        return new StepFiles(block, configMap, items == null ? List.of() : List.copyOf(items), null, null);
    }

    public static StepFiles ofImage(String block, String image, String pullPolicy) {
        return new StepFiles(block, null, List.of(), image, pullPolicy);
    }
}
