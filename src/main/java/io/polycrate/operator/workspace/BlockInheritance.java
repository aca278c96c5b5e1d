package io.polycrate.operator.workspace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.polycrate.operator.api.v1alpha1.Action;
import io.polycrate.operator.api.v1alpha1.Block;
import io.polycrate.operator.api.v1alpha1.PodMetadataOverride;
import io.polycrate.operator.api.v1alpha1.PodTemplateOverride;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;

/** Resolves {@code from} inheritance between the blocks of a workspace. Pure code. */
public final class BlockInheritance {
    private final Map<String, Block> blocksByName = new LinkedHashMap<>();
    private final Map<String, ResolvedBlock> resolved = new LinkedHashMap<>();

    public BlockInheritance(WorkspaceSpec spec) {
        if (spec != null && spec.getBlocks() != null) {
            for (Block block : spec.getBlocks()) {
                if (block != null && block.getName() != null) {
                    blocksByName.putIfAbsent(block.getName(), block);
                }
            }
        }
    }

    /**
     * The chain of block names from {@code name} up to its root ancestor. Empty when the chain is broken: a
     * missing block anywhere in it or a cycle (the validator reports both).
     */
    public Optional<List<String>> chain(String name) {
        List<String> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String current = name;
        while (current != null) {
            Block block = blocksByName.get(current);
            if (block == null || !seen.add(current)) {
                return Optional.empty();
            }
            chain.add(current);
            current = block.getFrom();
        }
        return Optional.of(chain);
    }

    /**
     * The cycle that the chain starting at {@code name} runs into, as names from the first repeated block back
     * to it (e.g. a -> b -> a); empty if the chain ends, at a root or at a missing block.
     */
    public Optional<List<String>> cycleFrom(String name) {
        List<String> walked = new ArrayList<>();
        String current = name;
        while (current != null && blocksByName.containsKey(current)) {
            int seenAt = walked.indexOf(current);
            if (seenAt >= 0) {
                List<String> cycle = new ArrayList<>(walked.subList(seenAt, walked.size()));
                cycle.add(current);
                return Optional.of(cycle);
            }
            walked.add(current);
            current = blocksByName.get(current).getFrom();
        }
        return Optional.empty();
    }

    /** The block with inheritance applied; empty if there is no such block or its chain is broken. */
    public Optional<ResolvedBlock> resolve(String name) {
        ResolvedBlock cached = resolved.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<List<String>> chain = chain(name);
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        Block block = blocksByName.get(name);
        ResolvedBlock result;
        if (block.getFrom() == null) {
            result = new ResolvedBlock(name, block.getImage(), ConfigMerge.deepMerge(null, block.getConfig()),
                    mergeEnv(List.of(), block.getEnv()), mergePodTemplate(null, block.getPodTemplate()),
                    mergeActions(Map.of(), block.getActions()),
                    block.getFiles() == null ? null : new BlockDirectory(name, block.getFiles()));
        } else {
            ResolvedBlock parent = resolve(block.getFrom()).orElseThrow();
            result = new ResolvedBlock(name, block.getImage() != null ? block.getImage() : parent.image(),
                    ConfigMerge.deepMerge(parent.config(), block.getConfig()),
                    mergeEnv(parent.env(), block.getEnv()),
                    mergePodTemplate(parent.podTemplate(), block.getPodTemplate()),
                    mergeActions(parent.actions(), block.getActions()),
                    // as in Polycrate, a block made from another runs in its parent's directory, unless it has its own
                    block.getFiles() != null ? new BlockDirectory(name, block.getFiles()) : parent.directory());
        }
        resolved.put(name, result);
        return Optional.of(result);
    }

    /** Variables of the parent, then the child's; a child variable of the same name replaces the parent's. */
    public static List<EnvVar> mergeEnv(List<EnvVar> parent, List<EnvVar> child) {
        Map<String, EnvVar> byName = new LinkedHashMap<>();
        for (List<EnvVar> list : List.of(parent == null ? List.<EnvVar>of() : parent,
                child == null ? List.<EnvVar>of() : child)) {
            for (EnvVar var : list) {
                if (var != null && var.getName() != null) {
                    byName.remove(var.getName());
                    byName.put(var.getName(), var);
                }
            }
        }
        return List.copyOf(byName.values());
    }

    /** The child's pod template over the parent's: metadata maps and spec/container maps merge deeply. */
    public static PodTemplateOverride mergePodTemplate(PodTemplateOverride parent, PodTemplateOverride child) {
        if (parent == null && child == null) {
            return null;
        }
        PodTemplateOverride merged = new PodTemplateOverride();
        PodMetadataOverride metadata = new PodMetadataOverride();
        metadata.setLabels(mergeStrings(labels(parent), labels(child)));
        metadata.setAnnotations(mergeStrings(annotations(parent), annotations(child)));
        merged.setMetadata(metadata);
        merged.setSpec(ConfigMerge.deepMerge(parent == null ? null : parent.getSpec(),
                child == null ? null : child.getSpec()));
        merged.setContainer(ConfigMerge.deepMerge(parent == null ? null : parent.getContainer(),
                child == null ? null : child.getContainer()));
        return merged;
    }

    private static Map<String, String> labels(PodTemplateOverride template) {
        return template == null || template.getMetadata() == null ? null : template.getMetadata().getLabels();
    }

    private static Map<String, String> annotations(PodTemplateOverride template) {
        return template == null || template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
    }

    private static Map<String, String> mergeStrings(Map<String, String> parent, Map<String, String> child) {
        Map<String, String> merged = new LinkedHashMap<>();
        if (parent != null) {
            merged.putAll(parent);
        }
        if (child != null) {
            merged.putAll(child);
        }
        return merged;
    }

    private static Map<String, Action> mergeActions(Map<String, Action> parent, List<Action> child) {
        Map<String, Action> merged = new LinkedHashMap<>(parent);
        if (child != null) {
            for (Action action : child) {
                if (action != null && action.getName() != null) {
                    merged.put(action.getName(), action);
                }
            }
        }
        return merged;
    }
}
