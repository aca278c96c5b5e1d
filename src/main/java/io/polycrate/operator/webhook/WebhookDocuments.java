package io.polycrate.operator.webhook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.polycrate.operator.api.v1alpha1.EventWebhook;
import io.polycrate.operator.api.v1alpha1.RunConditions;
import io.polycrate.operator.api.v1alpha1.RunConditions.Reason;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunStatus;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.status.Conditions;
import io.polycrate.operator.workflow.RunPlan;
import io.polycrate.operator.workflow.StoredPlan;
import io.polycrate.operator.workspace.WorkspaceValidator;

/**
 * The webhook documents a status write makes due, and where they go. Pure: like the metrics, derived from the status
 * a run had and the one just written, so each transaction's end and each run's outcome is reported once per write
 * that records it. As Polycrate, which reports a transaction when it stops, nothing is sent when a step starts.
 */
public final class WebhookDocuments {
    static final String LEVEL = "monk.event.level";
    static final String CLASS = "monk.event.class";

    private WebhookDocuments() {
    }

    /**
     * Where a run's documents go: the webhook frozen with its plan; a run that ended without a plan (its workflow or
     * step does not exist) reports to its Workspace's webhook, if the Workspace is valid. Null: nowhere.
     */
    public static EventWebhook target(StoredPlan plan, Workspace workspace) {
        if (plan instanceof StoredPlan.Found found) {
            return found.plan().webhook();
        }
        if (workspace == null || workspace.getSpec() == null || workspace.getSpec().getEvents() == null
                || workspace.getSpec().getEvents().getWebhook() == null
                || !WorkspaceValidator.validate(workspace.getSpec()).isEmpty()) {
            return null;
        }
        return workspace.getSpec().getEvents().getWebhook();
    }

    /**
     * The documents due between {@code before} and the status of {@code written}: one per step whose transaction
     * ended (succeeded, failed, rejected, cancelled: not a step skipped without running), then one if the run ended.
     * {@code plan} may be null (a run that ended without one).
     */
    public static List<WebhookDocument> between(WorkflowRunStatus before, WorkflowRun written, RunPlan plan) {
        List<WebhookDocument> documents = new ArrayList<>();
        WorkflowRunStatus after = written.getStatus();
        if (after == null) {
            return documents;
        }
        String workspace = plan != null ? plan.workspace() : written.getSpec() == null ? null
                : written.getSpec().getWorkspace();
        String workflow = plan != null ? plan.workflow() : written.getSpec() == null ? null
                : blankToNull(written.getSpec().getWorkflow());
        List<StepStatus> old = before == null ? List.of() : before.getSteps();
        for (int i = 0; i < after.getSteps().size(); i++) {
            StepStatus step = after.getSteps().get(i);
            StepStatus was = i < old.size() ? old.get(i) : null;
            boolean endedNow = step.getPhase() != null && step.getPhase().isFinished()
                    && (was == null || was.getPhase() == null || !was.getPhase().isFinished());
            if (endedNow && step.getTransaction() != null && step.getPhase() != StepPhase.Skipped) {
                documents.add(transaction(written, workspace, workflow, step));
            }
        }
        RunPhase was = before == null ? null : before.getPhase();
        if (after.getPhase() != null && after.getPhase().isFinished() && (was == null || !was.isFinished())) {
            documents.add(outcome(written, workspace, workflow, after));
        }
        return documents;
    }

    private static WebhookDocument transaction(WorkflowRun run, String workspace, String workflow, StepStatus step) {
        StepPhase phase = step.getPhase();
        String level = phase == StepPhase.Succeeded ? "Info" : "Error";
        String message = "Step '" + step.getName() + "' " + switch (phase) {
            case Succeeded -> "succeeded";
            case Failed -> "failed";
            case Rejected -> "was rejected at its prompt";
            case Cancelled -> "was cancelled";
            default -> phase.name();
        } + (step.getExitCode() != null && step.getExitCode() != 0 ? " with exit code " + step.getExitCode() : "");
        return new WebhookDocument(step.getTransaction(), WebhookDocument.TRANSACTION, labels(level), workspace,
                workflow,
                // a run of a single action has no workflow, and so no step, as in Polycrate
                workflow == null ? null : step.getName(), step.getBlock(), step.getAction(), step.getTransaction(),
                step.getExitCode(), step.getStartTime() != null ? step.getStartTime() : step.getCompletionTime(),
                step.getCompletionTime(), phase.name(), null, message, step.getMessage(),
                run.getMetadata().getName(), run.getMetadata().getNamespace());
    }

    private static WebhookDocument outcome(WorkflowRun run, String workspace, String workflow,
            WorkflowRunStatus status) {
        String reason = Conditions.find(status.getConditions(), RunConditions.SUCCEEDED)
                .map(c -> c.getReason()).orElse(null);
        String level = status.getPhase() == RunPhase.Succeeded
                ? Reason.CompletedWithFailures.name().equals(reason) ? "Warning" : "Info"
                : "Error";
        // a run of one action names its block and action, as Polycrate's event of `polycrate run` does
        StepStatus only = workflow == null && status.getSteps().size() == 1 ? status.getSteps().get(0) : null;
        return new WebhookDocument(run.getMetadata().getUid(), WebhookDocument.RUN, labels(level), workspace,
                workflow, null, only == null ? null : only.getBlock(), only == null ? null : only.getAction(), null,
                null, status.getStartTime(), status.getCompletionTime(), status.getPhase().name(), reason,
                status.getMessage(), null, run.getMetadata().getName(), run.getMetadata().getNamespace());
    }

    private static Map<String, String> labels(String level) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(CLASS, "polycrate");
        labels.put(LEVEL, level);
        return labels;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
