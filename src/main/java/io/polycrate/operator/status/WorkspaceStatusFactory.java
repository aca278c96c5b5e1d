package io.polycrate.operator.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.polycrate.operator.api.v1alpha1.Prompt;
import io.polycrate.operator.api.v1alpha1.Step;
import io.polycrate.operator.api.v1alpha1.Workflow;
import io.polycrate.operator.api.v1alpha1.WorkflowPrompt;
import io.polycrate.operator.api.v1alpha1.WorkflowSummary;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceConditions;
import io.polycrate.operator.api.v1alpha1.WorkspaceStatus;
import io.polycrate.operator.workspace.BlockInheritance;
import io.polycrate.operator.workspace.SpecProblem;

/** The status a Workspace should have, given the problems its validation found. Pure code. */
public final class WorkspaceStatusFactory {
    private WorkspaceStatusFactory() {
    }

    public static WorkspaceStatus desired(Workspace workspace, List<SpecProblem> problems, Instant now) {
        WorkspaceStatus status = new WorkspaceStatus();
        Long generation = workspace.getMetadata().getGeneration();
        status.setObservedGeneration(generation);
        List<io.fabric8.kubernetes.api.model.Condition> conditions = new ArrayList<>(
                workspace.getStatus() == null ? List.of() : workspace.getStatus().getConditions());
        if (problems.isEmpty()) {
            Conditions.set(conditions, WorkspaceConditions.READY, ConditionStatus.True,
                    WorkspaceConditions.Reason.Valid.name(),
                    "The workspace is valid", generation, now);
        } else {
            Conditions.set(conditions, WorkspaceConditions.READY, ConditionStatus.False,
                    WorkspaceConditions.Reason.InvalidSpec.name(), problemMessage(problems), generation, now);
        }
        status.setConditions(conditions);
        List<WorkflowSummary> workflows = new ArrayList<>();
        // an invalid workspace's blocks and actions may not resolve: its workflows are listed without prompts
        BlockInheritance inheritance = problems.isEmpty() ? new BlockInheritance(workspace.getSpec()) : null;
        if (workspace.getSpec() != null && workspace.getSpec().getWorkflows() != null) {
            for (Workflow workflow : workspace.getSpec().getWorkflows()) {
                if (workflow != null && workflow.getName() != null) {
                    workflows.add(new WorkflowSummary(workflow.getName(), workflow.getDescription(),
                            workflow.getSteps() == null ? 0 : workflow.getSteps().size(),
                            inheritance == null ? null : prompts(workflow, inheritance)));
                }
            }
        }
        status.setWorkflows(workflows);
        return status;
    }

    /**
     * The workflow's prompts in the order a run of it asks them: the workflow's, then each step's and its action's
     * (the action as the step's block resolves it, {@code from} applied).
     */
    static List<WorkflowPrompt> prompts(Workflow workflow, BlockInheritance inheritance) {
        List<WorkflowPrompt> prompts = new ArrayList<>();
        add(prompts, Prompt.WORKFLOW_ID, workflow.getPrompt());
        for (Step step : workflow.getSteps() == null ? List.<Step>of() : workflow.getSteps()) {
            add(prompts, Prompt.stepId(step.getName()), step.getPrompt());
            inheritance.resolve(step.getBlock()).flatMap(block -> block.action(step.getAction()))
                    .ifPresent(action -> add(prompts, Prompt.actionId(step.getName()), action.getPrompt()));
        }
        return prompts;
    }

    private static void add(List<WorkflowPrompt> prompts, String id, Prompt prompt) {
        // a run asks no prompt without a question (as PlanResolver reads them)
        if (prompt != null && prompt.getMessage() != null && !prompt.getMessage().isBlank()) {
            prompts.add(new WorkflowPrompt(id, prompt.getMessage()));
        }
    }

    /** "2 problems: a: x; b: y" — one line, so it reads well in kubectl get, describe and jsonpath. */
    public static String problemMessage(List<SpecProblem> problems) {
        return problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                + problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
    }
}
