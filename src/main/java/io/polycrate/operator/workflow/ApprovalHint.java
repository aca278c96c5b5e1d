package io.polycrate.operator.workflow;

import java.util.ArrayList;
import java.util.List;

import io.polycrate.operator.api.v1alpha1.WorkflowRun;

/**
 * How a person answers a waiting prompt, for the PromptWaiting event: the plugin's command, and kubectl annotate in
 * the form that keeps the answers given before (polycrate.io/approve is a set and polycrate.io/answered-by a ledger:
 * --overwrite with one id would wipe approvals kept in Git, and the approvals policy refuses to lose a signature).
 * Pure code.
 */
final class ApprovalHint {
    /** Longer values than this are not spelled out in the hint: it says to extend the annotation's value. */
    static final int MAX_VALUE = 300;
    private static final String CURRENT = "<its value>";

    private ApprovalHint() {
    }

    static String of(WorkflowRun run, String promptId, PromptAnswers answers) {
        String namespace = run.getMetadata().getNamespace();
        String name = run.getMetadata().getName();
        List<String> approved = new ArrayList<>(answers.approved());
        approved.remove(promptId);
        String ids = String.join(",", approved);
        String signatures = answers.ledger();
        return "Answer: kubectl polycrate approve -n " + namespace + " " + name + " (or reject); with kubectl alone: "
                + "kubectl annotate -n " + namespace + " pwr/" + name + " "
                + WorkflowRun.APPROVE_ANNOTATION + "=" + extended(ids, promptId) + " "
                + WorkflowRun.ANSWERED_BY_ANNOTATION + "=" + extended(signatures, promptId + "=<you>")
                + " --overwrite (<you>: your user name, kubectl auth whoami)";
    }

    /** The annotation's value with {@code added} appended, comma-separated. */
    private static String extended(String value, String added) {
        if (value.isEmpty()) {
            return added;
        }
        return (value.length() > MAX_VALUE ? CURRENT : value) + "," + added;
    }
}
