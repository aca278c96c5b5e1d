package io.polycrate.operator.workflow;

import java.util.List;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.polycrate.operator.api.v1alpha1.EventWebhook;

/**
 * What a run executes, resolved once from the Workspace and frozen in the run's ConfigMap: later edits of the
 * Workspace do not change it. {@code workflow} is null for a run of a single action. {@code startPosition} is the
 * position of the first step that runs: the steps before it are skipped (spec.fromStep); 0 for every other run,
 * and for a plan frozen before spec.fromStep existed. {@code webhook} is the workspace's spec.events.webhook as
 * the run started (null: none), so a run reports where it was configured to when it began (the Secret it names is
 * read when a document is sent, never frozen). {@code artifacts}: the spec of the run's artifacts
 * PersistentVolumeClaim (spec.artifacts.volumeClaimTemplate), null when the run has none.
 */
public record RunPlan(String workspace, Long workspaceGeneration, String workflow, boolean allowFailure,
        String workflowPrompt, List<PlannedStep> steps, int startPosition, EventWebhook webhook,
        PersistentVolumeClaimSpec artifacts) {

    /** A plan without an artifacts volume. */
    public RunPlan(String workspace, Long workspaceGeneration, String workflow, boolean allowFailure,
            String workflowPrompt, List<PlannedStep> steps, int startPosition, EventWebhook webhook) {
        this(workspace, workspaceGeneration, workflow, allowFailure, workflowPrompt, steps, startPosition, webhook,
                null);
    }

    /** A plan without a webhook. */
    public RunPlan(String workspace, Long workspaceGeneration, String workflow, boolean allowFailure,
            String workflowPrompt, List<PlannedStep> steps, int startPosition) {
        this(workspace, workspaceGeneration, workflow, allowFailure, workflowPrompt, steps, startPosition, null);
    }

    /** A plan that runs all its steps. */
    public RunPlan(String workspace, Long workspaceGeneration, String workflow, boolean allowFailure,
            String workflowPrompt, List<PlannedStep> steps) {
        this(workspace, workspaceGeneration, workflow, allowFailure, workflowPrompt, steps, 0);
    }

    /** The steps this run runs: those from {@link #startPosition()} on. */
    public List<PlannedStep> runSteps() {
        return steps.subList(startPosition, steps.size());
    }

    /** This plan, reporting to {@code eventWebhook}. */
    public RunPlan withWebhook(EventWebhook eventWebhook) {
        return new RunPlan(workspace, workspaceGeneration, workflow, allowFailure, workflowPrompt, steps,
                startPosition, eventWebhook, artifacts);
    }

    /** This plan, with an artifacts volume of this spec ({@code null}: none). */
    public RunPlan withArtifacts(PersistentVolumeClaimSpec claim) {
        return new RunPlan(workspace, workspaceGeneration, workflow, allowFailure, workflowPrompt, steps,
                startPosition, webhook, claim);
    }
}
