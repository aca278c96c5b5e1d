package io.polycrate.operator.workflow;

import java.util.List;

/**
 * What a run executes, resolved once from the Workspace and frozen in the run's ConfigMap: later edits of the
 * Workspace do not change it. {@code workflow} is null for a run of a single action.
 */
public record RunPlan(String workspace, Long workspaceGeneration, String workflow, boolean allowFailure,
        String workflowPrompt, List<PlannedStep> steps) {
}
