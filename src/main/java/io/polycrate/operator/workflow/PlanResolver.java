package io.polycrate.operator.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;


import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.polycrate.operator.api.v1alpha1.Action;
import io.polycrate.operator.api.v1alpha1.EventWebhook;
import io.polycrate.operator.api.v1alpha1.ActionRef;
import io.polycrate.operator.api.v1alpha1.Artifacts;
import io.polycrate.operator.api.v1alpha1.Prompt;
import io.polycrate.operator.api.v1alpha1.RunConditions.Reason;
import io.polycrate.operator.api.v1alpha1.Step;
import io.polycrate.operator.api.v1alpha1.Workflow;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunSpec;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceEvents;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;
import io.polycrate.operator.json.Json;
import io.polycrate.operator.workspace.ActionTemplates;
import io.polycrate.operator.workspace.BlockInheritance;
import io.polycrate.operator.workspace.CredentialSources;
import io.polycrate.operator.workspace.CredentialSources.Kind;
import io.polycrate.operator.workspace.ResolvedBlock;
import io.polycrate.operator.workspace.SpecProblem;
import io.polycrate.operator.workspace.WorkspaceValidator;

/**
 * Resolves what a run executes from its Workspace: the steps, with inheritance applied, the image chosen
 * (action, then block, then workspace, then the operator's default), and each step's script and workspace
 * snapshot. Pure code.
 */
public final class PlanResolver {
    private PlanResolver() {
    }

    public static PlanOutcome resolve(WorkflowRun run, Workspace workspace, String defaultImage) {
        WorkflowRunSpec spec = run.getSpec();
        String workspaceName = spec == null ? null : spec.getWorkspace();
        if (spec == null || workspaceName == null || workspaceName.isBlank()) {
            return new PlanOutcome.Impossible(Reason.InvalidRun, "spec.workspace: is required");
        }
        boolean hasWorkflow = spec.getWorkflow() != null && !spec.getWorkflow().isBlank();
        if (!hasWorkflow && spec.getAction() == null) {
            return new PlanOutcome.Impossible(Reason.InvalidRun,
                    "spec: names neither a workflow (spec.workflow) nor an action (spec.action); name one");
        }
        if (hasWorkflow && spec.getAction() != null) {
            return new PlanOutcome.Impossible(Reason.InvalidRun,
                    "spec: names both a workflow (spec.workflow) and an action (spec.action); name one, not both");
        }
        if (spec.getStep() != null && !hasWorkflow) {
            return new PlanOutcome.Impossible(Reason.InvalidRun, "spec.step: is only allowed with spec.workflow");
        }
        String fromStep = spec.getFromStep() == null || spec.getFromStep().isBlank() ? null : spec.getFromStep();
        if (fromStep != null && !hasWorkflow) {
            return new PlanOutcome.Impossible(Reason.InvalidRun, "spec.fromStep: is only allowed with spec.workflow "
                    + "(a run of spec.action has one step; to run it again, create the run again)");
        }
        if (fromStep != null && spec.getStep() != null) {
            return new PlanOutcome.Impossible(Reason.InvalidRun, "spec.fromStep: cannot be combined with spec.step "
                    + "(spec.step runs one step, spec.fromStep the steps from one on)");
        }
        if (workspace == null) {
            return new PlanOutcome.Impossible(Reason.WorkspaceNotFound,
                    "spec.workspace: no Workspace named \"" + workspaceName + "\" in namespace \""
                            + run.getMetadata().getNamespace() + "\"");
        }
        List<SpecProblem> problems = WorkspaceValidator.validate(workspaceName, workspace.getSpec());
        if (!problems.isEmpty()) {
            return new PlanOutcome.Impossible(Reason.InvalidWorkspace, "Workspace \"" + workspaceName
                    + "\" is invalid: " + problems.stream().map(SpecProblem::toString)
                            .reduce((a, b) -> a + "; " + b).orElse(""));
        }
        WorkspaceSpec workspaceSpec = workspace.getSpec();
        BlockInheritance inheritance = new BlockInheritance(workspaceSpec);
        PlanBuilder builder = new PlanBuilder(run, workspace, inheritance, defaultImage);
        return hasWorkflow ? builder.forWorkflow(spec.getWorkflow(), spec.getStep(), fromStep)
                : builder.forAction(spec.getAction());
    }

    /** Builds the plan of one run; holds what every step shares. */
    private static final class PlanBuilder {
        private final WorkflowRun run;
        private final Workspace workspace;
        private final BlockInheritance inheritance;
        private final String defaultImage;
        private final Map<String, String> files = new LinkedHashMap<>();

        PlanBuilder(WorkflowRun run, Workspace workspace, BlockInheritance inheritance, String defaultImage) {
            this.run = run;
            this.workspace = workspace;
            this.inheritance = inheritance;
            this.defaultImage = defaultImage;
        }

        /**
         * The plan of a workflow run: every step of the workflow (or only {@code onlyStep}); with {@code fromStep},
         * the steps before it stay in the plan, to be recorded as skipped, but get no files: they never run.
         */
        PlanOutcome forWorkflow(String workflowName, String onlyStep, String fromStep) {
            List<Workflow> workflows = Optional.ofNullable(workspace.getSpec().getWorkflows()).orElse(List.of());
            Workflow workflow = workflows.stream().filter(w -> workflowName.equals(w.getName())).findFirst()
                    .orElse(null);
            if (workflow == null) {
                return new PlanOutcome.Impossible(Reason.WorkflowNotFound, "spec.workflow: Workspace \""
                        + workspace.getMetadata().getName() + "\" has no workflow named \"" + workflowName + "\""
                        + known(workflows.stream().map(Workflow::getName).toList()));
            }
            List<Step> steps = workflow.getSteps();
            List<String> stepNames = steps.stream().map(Step::getName).toList();
            int start = fromStep == null ? 0 : stepNames.indexOf(fromStep);
            if (start < 0) {
                return new PlanOutcome.Impossible(Reason.FromStepNotFound, "spec.fromStep: workflow \"" + workflowName
                        + "\" has no step named \"" + fromStep + "\"" + known(stepNames));
            }
            List<PlannedStep> planned = new ArrayList<>();
            for (int index = 0; index < steps.size(); index++) {
                Step step = steps.get(index);
                if (onlyStep != null && !onlyStep.equals(step.getName())) {
                    continue;
                }
                ResolvedBlock block = inheritance.resolve(step.getBlock()).orElseThrow();
                Action action = block.action(step.getAction()).orElseThrow();
                try {
                    planned.add(plan(planned.size(), index, step.getName(), block, action,
                            message(step.getPrompt()), workflow, index >= start));
                } catch (ActionTemplates.Problem problem) {
                    return notRendered(block, action, problem);
                }
            }
            if (planned.isEmpty()) {
                return new PlanOutcome.Impossible(Reason.StepNotFound, "spec.step: workflow \"" + workflowName
                        + "\" has no step named \"" + onlyStep + "\"" + known(stepNames));
            }
            return new PlanOutcome.Planned(new RunPlan(workspace.getMetadata().getName(),
                    workspace.getMetadata().getGeneration(), workflowName, workflow.allowsFailure(),
                    message(workflow.getPrompt()), planned, start).withWebhook(webhook()).withArtifacts(artifacts()),
                    files);
        }

        PlanOutcome forAction(ActionRef ref) {
            if (ref.getBlock() == null || ref.getAction() == null) {
                return new PlanOutcome.Impossible(Reason.InvalidRun, "spec.action: needs both block and action");
            }
            Optional<ResolvedBlock> block = inheritance.resolve(ref.getBlock());
            if (block.isEmpty()) {
                return new PlanOutcome.Impossible(Reason.ActionNotFound, "spec.action.block: Workspace \""
                        + workspace.getMetadata().getName() + "\" has no block named \"" + ref.getBlock() + "\"");
            }
            Optional<Action> action = block.get().action(ref.getAction());
            if (action.isEmpty()) {
                return new PlanOutcome.Impossible(Reason.ActionNotFound, "spec.action.action: block \""
                        + ref.getBlock() + "\" has no action named \"" + ref.getAction() + "\""
                        + known(List.copyOf(block.get().actions().keySet())));
            }
            PlannedStep step;
            try {
                step = plan(0, 0, ref.getAction(), block.get(), action.get(), null, null, true);
            } catch (ActionTemplates.Problem problem) {
                return notRendered(block.get(), action.get(), problem);
            }
            return new PlanOutcome.Planned(new RunPlan(workspace.getMetadata().getName(),
                    workspace.getMetadata().getGeneration(), null, false, null, List.of(step))
                    .withWebhook(webhook()).withArtifacts(artifacts()), files);
        }

        /** The workspace's events.webhook, frozen with the plan (a copy: the plan never shares the spec's objects). */
        private EventWebhook webhook() {
            WorkspaceEvents events = workspace.getSpec().getEvents();
            return events == null || events.getWebhook() == null ? null
                    : Json.SERIALIZATION.clone(events.getWebhook());
        }

        /**
         * One step of the plan, its templates rendered; {@code runs}: the step may run, so its script and snapshot
         * are written.
         */
        private PlannedStep plan(int position, int index, String stepName, ResolvedBlock block, Action action,
                String stepPrompt, Workflow workflow, boolean runs) throws ActionTemplates.Problem {
            WorkspaceSpec ws = workspace.getSpec();
            String image = firstNonBlank(action.getImage(), block.image(), ws.getImage(), defaultImage);
            List<EnvVar> env = BlockInheritance.mergeEnv(ws.getEnv(), block.env());
            ActionTemplates.Rendered rendered = ActionTemplates.render(workspace.getMetadata().getName(), ws,
                    inheritance, block, action);
            PlannedStep step = new PlannedStep(position, index, stepName, block.name(), action.getName(), image,
                    rendered.script(), rendered.playbook(), action.getTimeoutSeconds(), stepPrompt,
                    message(action.getPrompt()), ws.getServiceAccountName(), env,
                    ws.getEnvFrom() == null ? List.of() : ws.getEnvFrom(),
                    BlockInheritance.mergePodTemplate(ws.getPodTemplate(), block.podTemplate()),
                    StepFilesPlan.of(block.directory()),
                    CredentialSources.of(Kind.KUBECONFIG, ws, inheritance, block.name()),
                    CredentialSources.of(Kind.INVENTORY, ws, inheritance, block.name()));
            if (!runs) {
                return step;
            }
            if (rendered.script() != null) {
                files.put(step.scriptKey(), script(rendered.script()));
            }
            files.put(step.snapshotKey(), StepSnapshot.yaml(run, workspace, inheritance, step, block, action,
                    workflow));
            return step;
        }

        /** The spec of the run's artifacts volume, frozen with the plan (a copy); null without one. */
        private PersistentVolumeClaimSpec artifacts() {
            Artifacts artifacts = workspace.getSpec().getArtifacts();
            return artifacts == null || artifacts.getVolumeClaimTemplate() == null ? null
                    : Json.SERIALIZATION.clone(artifacts.getVolumeClaimTemplate());
        }

        /** A plan that cannot be made: a template of the action does not render (the validator says so first). */
        private PlanOutcome notRendered(ResolvedBlock block, Action action, ActionTemplates.Problem problem) {
            return new PlanOutcome.Impossible(Reason.InvalidWorkspace, "Workspace \""
                    + workspace.getMetadata().getName() + "\" is invalid: block \"" + block.name() + "\", action \""
                    + action.getName() + "\", " + problem.field() + ": " + problem.getMessage());
        }
    }

    /**
     * The step's script: its rendered lines in order, one per line, so that the shell's line numbers are the
     * action's; the step's runner runs it with bash -euo pipefail (sh -eu without bash).
     */
    static String script(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    private static String message(Prompt prompt) {
        return prompt == null || prompt.getMessage() == null || prompt.getMessage().isBlank() ? null
                : prompt.getMessage();
    }

    private static String known(List<String> names) {
        return names.isEmpty() ? "" : " (it has: " + String.join(", ", names) + ")";
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
