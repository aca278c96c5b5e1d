package io.polycrate.operator.workspace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.polycrate.operator.api.v1alpha1.Action;
import io.polycrate.operator.api.v1alpha1.CredentialSource;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;
import io.polycrate.operator.template.GoStruct;
import io.polycrate.operator.template.GoTemplate;
import io.polycrate.operator.template.TemplateException;

/**
 * Renders an action's Go templates with Polycrate's data, under Polycrate's Go names: script lines with
 * {@code .Workspace} and {@code .Block} (Polycrate renders them when the workspace loads, before any action runs, so
 * {@code .Action} is not set), the playbook path also with {@code .Action} (Polycrate renders it when the action
 * runs). Fields of Polycrate's structs this operator has no value for are named as such. Pure code.
 */
public final class ActionTemplates {
    /** The workspace directory in a step's container, as in Polycrate's container. */
    public static final String WORKSPACE_ROOT = "/workspace";

    private static final String NOT_HERE = "is a field of Polycrate's %s that this operator has no value for";
    private static final String AT_RUN = "is decided when the step runs (the block's artifact, else its Secret, "
            + "else the workspace's); the step has it as $%s";
    private static final String NOT_YET = "is not set when script lines are rendered (Polycrate renders them when "
            + "the workspace loads, before any action runs)";
    private static final String NOT_FOR_PLAYBOOK = "is not available to a playbook path in this operator";

    /** An action rendered; {@code script} null for a playbook action, {@code playbook} null for a script. */
    public record Rendered(List<String> script, String playbook) {
    }

    /** An action's template that does not render: where ("script[2]", "playbook") and why. */
    public static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;
        private final String field;

        Problem(String field, String message) {
            super(message);
            this.field = field;
        }

        /** The action's field: script[i] or playbook. */
        public String field() {
            return field;
        }
    }

    private ActionTemplates() {
    }

    /** The block's directory in a step's container. */
    public static String blockDirectory(String block) {
        return WORKSPACE_ROOT + "/blocks/" + block;
    }

    /** The block's artifacts directory in a step's container. */
    public static String artifactsDirectory(String block) {
        return WORKSPACE_ROOT + "/artifacts/blocks/" + block;
    }

    /** The action of {@code block} with its templates rendered; the first that does not render is the problem. */
    public static Rendered render(String workspaceName, WorkspaceSpec spec, BlockInheritance inheritance,
            ResolvedBlock block, Action action) throws Problem {
        List<Problem> problems = new ArrayList<>();
        Rendered rendered = render(workspaceName, spec, inheritance, block, action, problems);
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
        return rendered;
    }

    /** Every template of the action of {@code block} that does not render, in order. */
    public static List<Problem> problems(String workspaceName, WorkspaceSpec spec, BlockInheritance inheritance,
            ResolvedBlock block, Action action) {
        List<Problem> problems = new ArrayList<>();
        render(workspaceName, spec, inheritance, block, action, problems);
        return problems;
    }

    private static Rendered render(String workspaceName, WorkspaceSpec spec, BlockInheritance inheritance,
            ResolvedBlock block, Action action, List<Problem> problems) {
        GoStruct workspace = workspace(workspaceName, spec);
        List<String> chain = inheritance.chain(block.name()).orElse(List.of(block.name()));
        GoStruct blockData = block(block, chain.size() > 1 ? chain.get(1) : null,
                CredentialSources.declared(CredentialSources.Kind.KUBECONFIG, spec, inheritance, block.name()),
                CredentialSources.declared(CredentialSources.Kind.INVENTORY, spec, inheritance, block.name()));
        if (action.getScript() != null) {
            GoStruct data = snapshot(Map.of("Workspace", workspace, "Block", blockData), NOT_YET);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < action.getScript().size(); i++) {
                String line = action.getScript().get(i) == null ? "" : action.getScript().get(i);
                try {
                    lines.add(GoTemplate.render(line, data));
                } catch (TemplateException e) {
                    problems.add(new Problem("script[" + i + "]", "line " + (i + 1) + ": " + e.getMessage()));
                }
            }
            return new Rendered(List.copyOf(lines), null);
        }
        String playbook = action.getPlaybook();
        if (playbook == null) {
            return new Rendered(null, null);
        }
        GoStruct data = snapshot(Map.of("Workspace", workspace, "Block", blockData, "Action",
                action(action, block.name())), NOT_FOR_PLAYBOOK);
        try {
            return new Rendered(null, GoTemplate.render(playbook, data));
        } catch (TemplateException e) {
            problems.add(new Problem("playbook", e.getMessage()));
            return new Rendered(null, null);
        }
    }

    private static GoStruct snapshot(Map<String, Object> fields, String missing) {
        Map<String, String> unavailable = new LinkedHashMap<>();
        for (String name : List.of("Action", "Workflow", "Step", "Env", "Mounts")) {
            if (!fields.containsKey(name)) {
                unavailable.put(name, missing);
            }
        }
        return new GoStruct("cmd.WorkspaceSnapshot", fields, unavailable);
    }

    private static GoStruct workspace(String name, WorkspaceSpec spec) {
        Object globals = spec.getConfig() == null ? null : spec.getConfig().get("globals");
        GoStruct config = new GoStruct("cmd.WorkspaceConfig",
                Map.of("Globals", globals == null ? Map.of() : globals),
                unavailable("cmd.WorkspaceConfig", "Image", "BlocksRoot", "LogsRoot", "BlocksConfig", "WorkspaceConfig",
                        "WorkflowsRoot", "ArtifactsRoot", "ContainerRoot", "SshPrivateKey", "SshPublicKey",
                        "RemoteRoot", "Dockerfile"));
        return new GoStruct("*cmd.Workspace",
                Map.of("Name", name == null ? "" : name, "Config", config, "ContainerPath", WORKSPACE_ROOT),
                unavailable("*cmd.Workspace", "Description", "Labels", "Alias", "Events", "Dependencies", "Blocks",
                        "Workflows", "ExtraEnv", "ExtraMounts", "Organization", "Identifier", "Path", "LocalPath",
                        "Version", "Meta", "SyncOptions", "Inventory", "Registry", "Kubeconfig"));
    }

    private static GoStruct block(ResolvedBlock block, String from, CredentialSource kubeconfig,
            CredentialSource inventory) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", block.name());
        fields.put("Config", block.config() == null ? Map.of() : block.config());
        fields.put("From", from == null ? "" : from);
        fields.put("Workdir", directory("cmd.BlockWorkdir", blockDirectory(block.name())));
        fields.put("Artifacts", directory("cmd.BlockArtifacts", artifactsDirectory(block.name())));
        fields.put("Kubeconfig", runtimeFile("cmd.BlockKubeconfig", kubeconfig, "KUBECONFIG"));
        fields.put("Inventory", runtimeFile("cmd.BlockInventory", inventory, "ANSIBLE_INVENTORY"));
        return new GoStruct("*cmd.Block", fields, unavailable("*cmd.Block", "Description", "Kind", "Type", "Flavor",
                "Labels", "Alias", "Actions", "Changelog", "Template", "Version", "Checksum"));
    }

    private static GoStruct directory(String type, String path) {
        return new GoStruct(type, Map.of("Path", path, "ContainerPath", path), unavailable(type, "LocalPath"));
    }

    private static GoStruct runtimeFile(String type, CredentialSource source, String variable) {
        String why = String.format(AT_RUN, variable);
        return new GoStruct(type, Map.of("From", source == null || source.getFrom() == null ? "" : source.getFrom()),
                Map.of("Path", why, "ContainerPath", why, "LocalPath", why, "Filename", why));
    }

    private static GoStruct action(Action action, String block) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", action.getName());
        fields.put("Description", action.getDescription() == null ? "" : action.getDescription());
        fields.put("Script", action.getScript() == null ? List.of() : action.getScript());
        fields.put("Playbook", action.getPlaybook() == null ? "" : action.getPlaybook());
        fields.put("Block", block);
        return new GoStruct("*cmd.Action", fields,
                unavailable("*cmd.Action", "Labels", "Alias", "Interactive", "Prompt", "Config"));
    }

    private static Map<String, String> unavailable(String type, String... fields) {
        Map<String, String> unavailable = new LinkedHashMap<>();
        for (String field : fields) {
            unavailable.put(field, String.format(NOT_HERE, type));
        }
        return unavailable;
    }
}
