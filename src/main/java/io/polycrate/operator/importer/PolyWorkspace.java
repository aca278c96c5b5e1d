package io.polycrate.operator.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Polycrate workspace as Polycrate's structs hold it (cmd/workspace.go, blocks.go, actions.go, workflows.go):
 * only what the import needs, read from {@link PolyNode}s, and merged as Polycrate merges ({@link Mergo}).
 */
final class PolyWorkspace {
    static final Set<String> WORKSPACE_KEYS = Set.of("name", "description", "labels", "alias", "events",
            "dependencies", "config", "blocks", "workflows", "extraenv", "extramounts", "organization", "identifier",
            "path", "localpath", "containerpath", "version", "meta", "sync", "inventory", "registry", "kubeconfig");
    static final Set<String> CONFIG_KEYS = Set.of("image", "blocksroot", "logsroot", "blocksconfig",
            "workspaceconfig", "workflowsroot", "artifactsroot", "containerroot", "sshprivatekey", "sshpublickey",
            "remoteroot", "dockerfile", "globals");
    static final Set<String> BLOCK_KEYS = Set.of("name", "description", "kind", "type", "flavor", "labels", "alias",
            "actions", "changelog", "config", "from", "template", "version", "workdir", "inventory", "kubeconfig",
            "artifacts", "checksum");
    static final Set<String> ACTION_KEYS = Set.of("name", "description", "labels", "alias", "interactive", "script",
            "playbook", "prompt", "block", "config");
    static final Set<String> CREDENTIAL_KEYS = Set.of("path", "from", "filename", "localpath", "containerpath");
    static final Set<String> WORKFLOW_KEYS = Set.of("name", "description", "labels", "alias", "steps", "prompt",
            "allow_failure");
    static final Set<String> STEP_KEYS = Set.of("name", "description", "labels", "alias", "block", "action",
            "prompt", "workflow");
    static final Set<String> PROMPT_KEYS = Set.of("message");

    private PolyWorkspace() {
    }

    /** A block's kubeconfig or inventory stanza: another block's ({@code from}) or a file name in its artifacts. */
    record Credential(String from, String filename) {
        static Credential read(PolyNode node) {
            if (node == null) {
                return null;
            }
            node.checkKeys(CREDENTIAL_KEYS);
            Credential credential = new Credential(node.string("from"), node.string("filename"));
            return credential.from() == null && credential.filename() == null ? null : credential;
        }
    }

    /** An action; {@code file} is where it was written. */
    static final class Action {
        String name;
        String description;
        boolean interactive;
        List<String> script = List.of();
        String playbook;
        String prompt;
        Map<String, Object> config;
        boolean hasLabels;
        String file;
        String key;

        static Action read(PolyNode node) {
            node.checkKeys(ACTION_KEYS);
            Action action = new Action();
            action.name = node.string("name");
            action.description = node.string("description");
            action.interactive = node.bool("interactive");
            action.script = node.strings("script");
            action.playbook = node.string("playbook");
            action.prompt = prompt(node);
            action.config = node.freeForm("config");
            action.hasLabels = node.has("labels") || node.has("alias");
            action.file = node.file();
            action.key = node.path();
            return action;
        }

        Action copy() {
            Action copy = new Action();
            copy.name = name;
            copy.description = description;
            copy.interactive = interactive;
            copy.script = script;
            copy.playbook = playbook;
            copy.prompt = prompt;
            copy.config = config == null ? null : Mergo.copy(config);
            copy.hasLabels = hasLabels;
            copy.file = file;
            copy.key = key;
            return copy;
        }

        /** mergo.Merge(this, other): every empty field of this action takes the other's value. */
        boolean mergeIn(Action other) {
            boolean filled = false;
            if (Mergo.isEmpty(description) && !Mergo.isEmpty(other.description)) {
                description = other.description;
            }
            if (!interactive && other.interactive) {
                interactive = true;
                filled = true;
            }
            if (script.isEmpty() && !other.script.isEmpty()) {
                script = other.script;
                filled = true;
            }
            if (Mergo.isEmpty(playbook) && !Mergo.isEmpty(other.playbook)) {
                playbook = other.playbook;
                filled = true;
            }
            if (Mergo.isEmpty(prompt) && !Mergo.isEmpty(other.prompt)) {
                prompt = other.prompt;
                filled = true;
            }
            if (other.config != null) {
                config = Mergo.merge(config, other.config);
            }
            hasLabels |= other.hasLabels;
            return filled;
        }
    }

    /** A block: from workspace.poly, from a block.poly, or both merged. */
    static final class Block {
        String name;
        String description;
        String from;
        String version;
        Map<String, Object> config;
        List<Action> actions = new ArrayList<>();
        Credential kubeconfig;
        Credential inventory;
        /** The block directory (where its block.poly is), relative to the workspace; null for workspace.poly only. */
        Path directory;
        /** Where the block was written: workspace.poly, a block.poly, or both. */
        List<String> files = new ArrayList<>();
        /** The key of the block in the file that named it first. */
        String key;

        static Block read(PolyNode node) {
            node.checkKeys(BLOCK_KEYS);
            Block block = new Block();
            block.name = node.string("name");
            block.description = node.string("description");
            block.from = node.string("from");
            block.version = node.string("version");
            block.config = node.freeForm("config");
            for (PolyNode action : node.nodes("actions")) {
                block.actions.add(Action.read(action));
            }
            block.kubeconfig = Credential.read(node.node("kubeconfig"));
            block.inventory = Credential.read(node.node("inventory"));
            block.files.add(node.file());
            block.key = node.path();
            List<String> metadata = new ArrayList<>();
            for (String key : List.of("description", "kind", "type", "flavor", "labels", "alias", "changelog",
                    "template", "checksum", "workdir", "artifacts")) {
                if (node.has(key)) {
                    metadata.add(key);
                }
            }
            if (!metadata.isEmpty()) {
                node.report().note(node.file(), node.path().isEmpty() ? String.join(", ", metadata)
                        : node.key(String.join(", ", metadata)), "not imported: Polycrate metadata with no "
                        + "counterpart in a Workspace");
            }
            return block;
        }

        String file() {
            return files.get(0);
        }

        Action action(String actionName) {
            for (Action action : actions) {
                if (action.name != null && action.name.equals(actionName)) {
                    return action;
                }
            }
            return null;
        }

        /**
         * Block.MergeIn: the other block fills this one's gaps; its actions merge by name, field by field (those
         * this block lacks are added); configs merge as {@link Mergo} does. Returns the names of the actions that
         * were merged field by field.
         */
        List<String> mergeIn(Block other) {
            description = Mergo.fill(description, other.description);
            from = Mergo.fill(from, other.from);
            version = Mergo.fill(version, other.version);
            List<String> merged = new ArrayList<>();
            for (Action source : other.actions) {
                Action destination = action(source.name);
                if (destination == null) {
                    actions.add(source.copy());
                } else if (destination.mergeIn(source)) {
                    merged.add(destination.name);
                }
            }
            if (other.config != null) {
                config = Mergo.merge(config, other.config);
            }
            if (kubeconfig == null) {
                kubeconfig = other.kubeconfig;
            }
            if (inventory == null) {
                inventory = other.inventory;
            }
            for (String file : other.files) {
                if (!files.contains(file)) {
                    files.add(file);
                }
            }
            return merged;
        }

        Block copy() {
            Block copy = new Block();
            copy.name = name;
            copy.description = description;
            copy.from = from;
            copy.version = version;
            copy.config = config == null ? null : Mergo.copy(config);
            actions.forEach(a -> copy.actions.add(a.copy()));
            copy.kubeconfig = kubeconfig;
            copy.inventory = inventory;
            copy.directory = directory;
            copy.files.addAll(files);
            copy.key = key;
            return copy;
        }
    }

    record Step(String name, String block, String action, String prompt, String key, boolean hasMetadata) {
        static Step read(PolyNode node) {
            node.checkKeys(STEP_KEYS);
            return new Step(node.string("name"), node.string("block"), node.string("action"), PolyWorkspace.prompt(node),
                    node.path(), node.has("description") || node.has("labels") || node.has("alias"));
        }
    }

    record Workflow(String name, String description, String prompt, boolean allowFailure, List<Step> steps,
            String key) {
        static Workflow read(PolyNode node) {
            node.checkKeys(WORKFLOW_KEYS);
            List<Step> steps = new ArrayList<>();
            node.nodes("steps").forEach(step -> steps.add(Step.read(step)));
            return new Workflow(node.string("name"), node.string("description"), PolyWorkspace.prompt(node),
                    node.bool("allow_failure"), steps, node.path());
        }
    }

    static String prompt(PolyNode node) {
        PolyNode prompt = node.node("prompt");
        if (prompt == null) {
            return null;
        }
        prompt.checkKeys(PROMPT_KEYS);
        String message = prompt.string("message");
        return message == null || message.isEmpty() ? null : message;
    }

    /** Viper's case-insensitivity: every key of workspace.poly lower-cased, except inside blocks (kept as written). */
    @SuppressWarnings("unchecked")
    static Object lowerKeys(Object value, boolean top) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            ((Map<Object, Object>) map).forEach((k, v) -> {
                String key = String.valueOf(k).toLowerCase(Locale.ROOT);
                result.put(key, top && key.equals("blocks") ? v : lowerKeys(v, false));
            });
            return result;
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            list.forEach(item -> result.add(lowerKeys(item, false)));
            return result;
        }
        return value;
    }
}
