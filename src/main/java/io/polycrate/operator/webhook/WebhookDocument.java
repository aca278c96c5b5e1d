package io.polycrate.operator.webhook;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One event document as POSTed to a workspace's webhook: Polycrate's event fields where they exist (labels,
 * workspace, workflow, step, block, action, transaction, exit_code, date, output, message; snake_case as Polycrate
 * writes them), and the operator's own: id, kind, run, namespace, phase, reason, completion_date. Absent fields are
 * left out, as Polycrate leaves out empty ones.
 *
 * @param id what a receiver can drop duplicates by: the transaction id of a {@code transaction} document, the run's
 *        UID of a {@code run} document
 * @param kind {@code transaction} (a step's transaction ended) or {@code run} (the run ended)
 * @param labels Polycrate's labels: {@code monk.event.class: polycrate} and {@code monk.event.level} (Info,
 *        Warning or Error)
 * @param date when the transaction (or run) started, RFC 3339; for a step that never started, when it ended
 * @param output the transaction's message in the run's status: the tail of the step's output, or why it failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "kind", "labels", "workspace", "workflow", "step", "block", "action", "transaction",
        "exit_code", "date", "completion_date", "phase", "reason", "message", "output", "run", "namespace"})
public record WebhookDocument(
        String id,
        String kind,
        Map<String, String> labels,
        String workspace,
        String workflow,
        String step,
        String block,
        String action,
        String transaction,
        @JsonProperty("exit_code") Integer exitCode,
        String date,
        @JsonProperty("completion_date") String completionDate,
        String phase,
        String reason,
        String message,
        String output,
        String run,
        String namespace) {

    public static final String TRANSACTION = "transaction";
    public static final String RUN = "run";
}
