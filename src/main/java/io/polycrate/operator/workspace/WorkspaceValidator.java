package io.polycrate.operator.workspace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.polycrate.operator.api.v1alpha1.Action;
import io.polycrate.operator.api.v1alpha1.Block;
import io.polycrate.operator.api.v1alpha1.CredentialSource;
import io.polycrate.operator.api.v1alpha1.Names;
import io.polycrate.operator.api.v1alpha1.PodTemplateOverride;
import io.polycrate.operator.api.v1alpha1.Prompt;
import io.polycrate.operator.api.v1alpha1.RunHistory;
import io.polycrate.operator.api.v1alpha1.SecretFileReference;
import io.polycrate.operator.api.v1alpha1.Step;
import io.polycrate.operator.api.v1alpha1.Workflow;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;
import io.polycrate.operator.json.Json;

/**
 * Checks a whole workspace and lists every problem with its path. It repeats what the CRD schema and CEL rules
 * say, because not every API server enforces them (and objects may predate a schema change), and adds what no
 * schema can say: references between blocks, actions and steps, and inheritance cycles. Pure code.
 */
public final class WorkspaceValidator {
    /** The step's environment variables the operator sets; a workspace may not set them. */
    public static final String OPERATOR_ENV_PREFIX = "POLYCRATE_";

    private WorkspaceValidator() {
    }

    public static List<SpecProblem> validate(WorkspaceSpec spec) {
        return validate(null, spec);
    }

    /** Every problem of the workspace named {@code name} (its name is what templates render as .Workspace.Name). */
    public static List<SpecProblem> validate(String name, WorkspaceSpec spec) {
        List<SpecProblem> problems = new ArrayList<>();
        if (spec == null) {
            problems.add(new SpecProblem("spec", "is missing"));
            return problems;
        }
        checkObjectName(problems, "serviceAccountName", spec.getServiceAccountName());
        checkImage(problems, "image", spec.getImage());
        checkEnv(problems, "env", spec.getEnv());
        checkPodTemplate(problems, "podTemplate", spec.getPodTemplate());
        checkRunHistory(problems, spec.getRunHistory());
        FilesValidator.checkArtifacts(problems, spec.getArtifacts());
        if (spec.getEvents() != null) {
            WebhookCheck.check(problems, "events.webhook", spec.getEvents().getWebhook());
        }

        List<Block> blocks = spec.getBlocks() == null ? List.of() : spec.getBlocks();
        checkNames(problems, "blocks", "block", blocks, Block::getName);
        BlockInheritance inheritance = new BlockInheritance(spec);
        Set<String> blockNames = new HashSet<>();
        blocks.forEach(b -> blockNames.add(b == null ? null : b.getName()));
        Set<String> reportedCycles = new HashSet<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            String path = "blocks[" + i + "]";
            if (block == null) {
                continue;
            }
            checkFrom(problems, path, block, blockNames, inheritance, reportedCycles);
            checkImage(problems, path + ".image", block.getImage());
            checkEnv(problems, path + ".env", block.getEnv());
            checkPodTemplate(problems, path + ".podTemplate", block.getPodTemplate());
            FilesValidator.checkFiles(problems, path + ".files", block.getFiles());
            checkCredential(problems, path + ".kubeconfig", block.getKubeconfig(), blockNames);
            checkCredential(problems, path + ".inventory", block.getInventory(), blockNames);
            List<Action> actions = block.getActions() == null ? List.of() : block.getActions();
            checkNames(problems, path + ".actions", "action", actions, Action::getName);
            for (int a = 0; a < actions.size(); a++) {
                checkAction(problems, path + ".actions[" + a + "]", actions.get(a));
            }
        }

        checkCredential(problems, "kubeconfig", spec.getKubeconfig(), blockNames);
        checkCredential(problems, "inventory", spec.getInventory(), blockNames);
        TemplateProblems.check(problems, name, spec, blocks, inheritance);

        List<Workflow> workflows = spec.getWorkflows() == null ? List.of() : spec.getWorkflows();
        checkNames(problems, "workflows", "workflow", workflows, Workflow::getName);
        for (int w = 0; w < workflows.size(); w++) {
            checkWorkflow(problems, "workflows[" + w + "]", workflows.get(w), blockNames, inheritance);
        }
        return problems;
    }

    private static void checkFrom(List<SpecProblem> problems, String path, Block block, Set<String> blockNames,
            BlockInheritance inheritance, Set<String> reportedCycles) {
        String from = block.getFrom();
        if (from == null) {
            return;
        }
        if (!blockNames.contains(from)) {
            problems.add(new SpecProblem(path + ".from", "no block named \"" + from + "\""));
            return;
        }
        inheritance.cycleFrom(block.getName()).ifPresent(cycle -> {
            // a cycle a -> b -> a is reported once, at the first of its blocks in the list
            if (reportedCycles.add(String.join(",", cycle.stream().distinct().sorted().toList()))) {
                problems.add(new SpecProblem(path + ".from", "inheritance cycle " + String.join(" -> ", cycle)));
            }
        });
    }

    private static void checkCredential(List<SpecProblem> problems, String path, CredentialSource source,
            Set<String> blockNames) {
        if (source == null) {
            return;
        }
        SecretFileReference secret = source.getSecretRef();
        if ((secret != null) == (source.getFrom() != null)) {
            problems.add(new SpecProblem(path, "set exactly one of secretRef (a Secret's key) or from (a block)"));
        }
        if (secret != null) {
            if (isBlank(secret.getName())) {
                problems.add(new SpecProblem(path + ".secretRef.name", "is required"));
            } else {
                checkObjectName(problems, path + ".secretRef.name", secret.getName());
            }
            if (secret.getKey() != null && !(secret.getKey().length() <= Names.SUBDOMAIN_MAX_LENGTH
                    && secret.getKey().matches(SecretFileReference.KEY_PATTERN))) {
                problems.add(new SpecProblem(path + ".secretRef.key", "\"" + secret.getKey() + "\" is not a valid "
                        + "Secret key (letters, digits, '-', '_' and '.')"));
            }
        }
        if (source.getFrom() != null && !blockNames.contains(source.getFrom())) {
            problems.add(new SpecProblem(path + ".from", "no block named \"" + source.getFrom() + "\""));
        }
    }

    private static void checkAction(List<SpecProblem> problems, String path, Action action) {
        if (action == null) {
            problems.add(new SpecProblem(path, "is empty"));
            return;
        }
        checkImage(problems, path + ".image", action.getImage());
        boolean hasScript = action.getScript() != null;
        boolean hasPlaybook = action.getPlaybook() != null;
        if (hasScript && hasPlaybook) {
            problems.add(new SpecProblem(path, "has both script and playbook; an action has exactly one"));
        } else if (!hasScript && !hasPlaybook) {
            problems.add(new SpecProblem(path, "has neither script nor playbook; an action has exactly one"));
        } else if (hasScript && action.getScript().isEmpty()) {
            problems.add(new SpecProblem(path + ".script", "has no lines"));
        } else if (hasPlaybook && action.getPlaybook().isBlank()) {
            problems.add(new SpecProblem(path + ".playbook", "is empty"));
        }
        if (action.getTimeoutSeconds() != null && action.getTimeoutSeconds() < 1) {
            problems.add(new SpecProblem(path + ".timeoutSeconds",
                    "must be at least 1, got " + action.getTimeoutSeconds()));
        }
        checkPrompt(problems, path + ".prompt", action.getPrompt());
    }

    private static void checkRunHistory(List<SpecProblem> problems, RunHistory history) {
        if (history == null) {
            return;
        }
        if (history.getSucceeded() != null && history.getSucceeded() < 0) {
            problems.add(new SpecProblem("runHistory.succeeded",
                    "must be at least 0, got " + history.getSucceeded() + "; until fixed, no succeeded run is deleted"));
        }
        if (history.getFailed() != null && history.getFailed() < 0) {
            problems.add(new SpecProblem("runHistory.failed",
                    "must be at least 0, got " + history.getFailed() + "; until fixed, no failed or cancelled run is deleted"));
        }
    }

    private static void checkWorkflow(List<SpecProblem> problems, String path, Workflow workflow,
            Set<String> blockNames, BlockInheritance inheritance) {
        if (workflow == null) {
            return;
        }
        checkPrompt(problems, path + ".prompt", workflow.getPrompt());
        List<Step> steps = workflow.getSteps() == null ? List.of() : workflow.getSteps();
        if (steps.isEmpty()) {
            problems.add(new SpecProblem(path + ".steps", "workflow \"" + workflow.getName() + "\" has no steps"));
            return;
        }
        checkNames(problems, path + ".steps", "step", steps, Step::getName);
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            String stepPath = path + ".steps[" + s + "]";
            if (step == null) {
                continue;
            }
            checkPrompt(problems, stepPath + ".prompt", step.getPrompt());
            if (isBlank(step.getBlock())) {
                problems.add(new SpecProblem(stepPath + ".block", "is required"));
                continue;
            }
            if (!blockNames.contains(step.getBlock())) {
                problems.add(new SpecProblem(stepPath + ".block", "no block named \"" + step.getBlock() + "\""));
                continue;
            }
            if (isBlank(step.getAction())) {
                problems.add(new SpecProblem(stepPath + ".action", "is required"));
                continue;
            }
            // a broken from-chain is reported at the block; the step's action cannot be checked then
            inheritance.resolve(step.getBlock()).ifPresent(block -> {
                if (block.action(step.getAction()).isEmpty()) {
                    problems.add(new SpecProblem(stepPath + ".action", "block \"" + step.getBlock()
                            + "\" has no action named \"" + step.getAction() + "\""
                            + knownActions(block)));
                }
            });
        }
    }

    private static String knownActions(ResolvedBlock block) {
        return block.actions().isEmpty() ? " (it has no actions)"
                : " (it has: " + String.join(", ", block.actions().keySet()) + ")";
    }

    private static void checkPrompt(List<SpecProblem> problems, String path, Prompt prompt) {
        if (prompt != null && isBlank(prompt.getMessage())) {
            problems.add(new SpecProblem(path + ".message", "is empty; a prompt needs a question"));
        }
    }

    private static void checkEnv(List<SpecProblem> problems, String path, List<EnvVar> env) {
        if (env == null) {
            return;
        }
        for (int i = 0; i < env.size(); i++) {
            EnvVar var = env.get(i);
            if (var == null || isBlank(var.getName())) {
                problems.add(new SpecProblem(path + "[" + i + "].name", "is required"));
            } else if (var.getName().startsWith(OPERATOR_ENV_PREFIX)) {
                problems.add(new SpecProblem(path + "[" + i + "].name", "\"" + var.getName()
                        + "\" is set by the operator (every " + OPERATOR_ENV_PREFIX + "* variable is); "
                        + "choose another name"));
            }
        }
    }

    private static void checkPodTemplate(List<SpecProblem> problems, String path, PodTemplateOverride template) {
        if (template == null) {
            return;
        }
        if (template.getSpec() != null) {
            if (template.getSpec().containsKey("containers") || template.getSpec().containsKey("initContainers")) {
                problems.add(new SpecProblem(path + ".spec",
                        "containers are made by the operator; set container fields under " + path + ".container"));
            }
            checkConvertible(problems, path + ".spec", template.getSpec(), PodSpec.class);
        }
        if (template.getContainer() != null) {
            int before = problems.size();
            checkConvertible(problems, path + ".container", template.getContainer(), Container.class);
            if (problems.size() == before) {
                checkEnv(problems, path + ".container.env",
                        Json.SERIALIZATION.convertValue(template.getContainer(), Container.class).getEnv());
            }
        }
    }

    private static void checkConvertible(List<SpecProblem> problems, String path, Map<String, Object> value,
            Class<? extends KubernetesResource> type) {
        try {
            KubernetesResource parsed = Json.SERIALIZATION.convertValue(value, type);
            // Fabric8 models keep unknown fields aside instead of failing: a typo would pass silently
            Map<String, Object> unknown = additionalProperties(parsed);
            unknown.keySet().forEach(field -> problems.add(new SpecProblem(path + "." + field,
                    "unknown field of a " + type.getSimpleName())));
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof JsonMappingException mapping) {
                String where = mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining());
                problems.add(new SpecProblem(path + where, "has the wrong type for a " + type.getSimpleName()
                        + " field" + expected(mapping)));
            } else {
                problems.add(new SpecProblem(path, "is not a valid " + type.getSimpleName()));
            }
        }
    }

    private static String expected(JsonMappingException mapping) {
        if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> target = mismatch.getTargetType();
            if (Map.class.isAssignableFrom(target) || KubernetesResource.class.isAssignableFrom(target)) {
                return " (expected an object)";
            }
            if (List.class.isAssignableFrom(target)) {
                return " (expected a list)";
            }
            return " (expected " + target.getSimpleName().toLowerCase(java.util.Locale.ROOT) + ")";
        }
        return "";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> additionalProperties(KubernetesResource parsed) {
        try {
            Object extra = parsed.getClass().getMethod("getAdditionalProperties").invoke(parsed);
            return extra instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (ReflectiveOperationException e) {
            return Map.of();
        }
    }

    private static <T> void checkNames(List<SpecProblem> problems, String listPath, String kind, List<T> items,
            Function<T, String> nameOf) {
        Map<String, Integer> firstIndex = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            String path = listPath + "[" + i + "]";
            if (item == null) {
                problems.add(new SpecProblem(path, "is empty"));
                continue;
            }
            String name = nameOf.apply(item);
            if (isBlank(name)) {
                problems.add(new SpecProblem(path + ".name", "is required"));
                continue;
            }
            if (!Names.isDns1123Label(name)) {
                problems.add(new SpecProblem(path + ".name", "\"" + name + "\" is not a DNS-1123 label "
                        + "(lower-case letters, digits and '-', starting and ending with a letter or digit, "
                        + "at most 63 characters)"));
            }
            Integer first = firstIndex.putIfAbsent(name, i);
            if (first != null) {
                problems.add(new SpecProblem(path + ".name", "duplicate " + kind + " name \"" + name
                        + "\" (also at " + listPath + "[" + first + "])"));
            }
        }
    }

    private static void checkImage(List<SpecProblem> problems, String path, String image) {
        if (image != null && (image.isBlank() || !image.equals(image.strip()) || image.chars().anyMatch(Character::isWhitespace))) {
            problems.add(new SpecProblem(path, "\"" + image + "\" is not an image reference (it contains whitespace)"));
        }
    }

    private static void checkObjectName(List<SpecProblem> problems, String path, String value) {
        if (value != null && !(value.length() <= Names.SUBDOMAIN_MAX_LENGTH
                && value.matches(Names.DNS1123_SUBDOMAIN))) {
            problems.add(new SpecProblem(path, "\"" + value + "\" is not a valid Kubernetes object name"));
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
