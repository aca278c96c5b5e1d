package io.polycrate.operator.workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.polycrate.operator.api.v1alpha1.Action;
import io.polycrate.operator.api.v1alpha1.CredentialSource;
import io.polycrate.operator.api.v1alpha1.Workflow;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;
import io.polycrate.operator.workspace.ActionTemplates;
import io.polycrate.operator.workspace.BlockInheritance;
import io.polycrate.operator.workspace.CredentialSources;
import io.polycrate.operator.workspace.CredentialSources.Kind;
import io.polycrate.operator.workspace.ResolvedBlock;

/**
 * A step's snapshot, the file POLYCRATE_WORKSPACE_SNAPSHOT_YAML names and {@code ansible-playbook -e @} reads: Polycrate's
 * top-level keys (workspace, block, action, workflow, step, env) with the fields this operator has, under Polycrate's
 * YAML names, plus {@code run}. Pure code.
 */
final class StepSnapshot {
    // every string quoted: unquoted, Ansible's YAML 1.1 reads 0x1F, 1_000, 12:30 or 2026-01-01 as numbers and dates
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private StepSnapshot() {
    }

    static String yaml(WorkflowRun run, Workspace workspace, BlockInheritance inheritance, PlannedStep step,
            ResolvedBlock block, Action action, Workflow workflow) {
        WorkspaceSpec ws = workspace.getSpec();
        String name = workspace.getMetadata().getName();
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("workspace", mapOf("name", name, "config", ws.getConfig() == null ? Map.of() : ws.getConfig(),
                "containerpath", ActionTemplates.WORKSPACE_ROOT));
        List<String> chain = inheritance.chain(block.name()).orElse(List.of(block.name()));
        snapshot.put("block", mapOf("name", block.name(), "from", chain.size() > 1 ? chain.get(1) : null,
                "image", step.image(), "config", block.config(),
                "workdir", directory(ActionTemplates.blockDirectory(block.name())),
                "artifacts", directory(ActionTemplates.artifactsDirectory(block.name())),
                "kubeconfig", borrowed(CredentialSources.declared(Kind.KUBECONFIG, ws, inheritance, block.name())),
                "inventory", borrowed(CredentialSources.declared(Kind.INVENTORY, ws, inheritance, block.name()))));
        snapshot.put("action", mapOf("name", action.getName(), "description", action.getDescription(),
                "script", step.script(), "playbook", action.getPlaybook(), "block", block.name()));
        if (workflow != null) {
            snapshot.put("workflow", mapOf("name", workflow.getName(), "description", workflow.getDescription(),
                    "allow_failure", workflow.allowsFailure()));
            snapshot.put("step", mapOf("name", step.name(), "block", step.block(), "action", step.action(),
                    "workflow", workflow.getName(), "index", step.index()));
        }
        Map<String, String> env = new LinkedHashMap<>();
        step.env().stream().filter(v -> v.getValue() != null && v.getValueFrom() == null)
                .forEach(v -> env.put(v.getName(), v.getValue()));
        env.putAll(StepEnvironment.of(run.getMetadata().getName(), run.getSpec().forced(), name,
                workflow == null ? null : workflow.getName(), step, null));
        snapshot.put("env", env);
        snapshot.put("run", mapOf("name", run.getMetadata().getName(), "namespace", run.getMetadata().getNamespace()));
        try {
            return YAML.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("workspace snapshot cannot be written as YAML", e);
        }
    }

    private static Map<String, Object> directory(String path) {
        return mapOf("path", path, "containerpath", path);
    }

    private static Map<String, Object> borrowed(CredentialSource source) {
        return source == null || source.getFrom() == null ? null : mapOf("from", source.getFrom());
    }

    private static Map<String, Object> mapOf(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                map.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return map;
    }
}
