package io.polycrate.operator.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.polycrate.operator.api.v1alpha1.Workflow;
import io.polycrate.operator.api.v1alpha1.WorkflowSummary;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceConditions;
import io.polycrate.operator.api.v1alpha1.WorkspaceStatus;
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
        if (workspace.getSpec() != null && workspace.getSpec().getWorkflows() != null) {
            for (Workflow workflow : workspace.getSpec().getWorkflows()) {
                if (workflow != null && workflow.getName() != null) {
                    workflows.add(new WorkflowSummary(workflow.getName(), workflow.getDescription(),
                            workflow.getSteps() == null ? 0 : workflow.getSteps().size()));
                }
            }
        }
        status.setWorkflows(workflows);
        return status;
    }

    /** "2 problems: a: x; b: y" — one line, so it reads well in kubectl get, describe and jsonpath. */
    public static String problemMessage(List<SpecProblem> problems) {
        return problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                + problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
    }
}
