package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.ValidationRule;

/** Where a workspace's transactions and run outcomes are reported, beyond Kubernetes Events (Polycrate's events). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkspaceEvents {
    @ValidationRule(value = "!has(self.header) || has(self.secretRef)",
            message = "header names the header of the Secret's value: it needs secretRef")
    @JsonPropertyDescription("POST one JSON document per step transaction that ends and per run outcome to a URL, "
            + "as Polycrate's webhook event handler does. Delivery is asynchronous, retried with backoff, and never "
            + "delays or fails a run. A run keeps the webhook it started with.")
    private EventWebhook webhook;

    public WorkspaceEvents() {
    }

    public WorkspaceEvents(EventWebhook webhook) {
        this.webhook = webhook;
    }

    public EventWebhook getWebhook() {
        return webhook;
    }

    public void setWebhook(EventWebhook webhook) {
        this.webhook = webhook;
    }
}
