package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The prompt a run waits at now. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WaitingPrompt {
    @JsonPropertyDescription("The prompt id to approve or reject: workflow, step:<step> or action:<step>.")
    private String id;

    @JsonPropertyDescription("The prompt's question.")
    private String message;

    @JsonPropertyDescription("When the prompt began to wait (RFC 3339).")
    private String since;

    public WaitingPrompt() {
    }

    public WaitingPrompt(String id, String message, String since) {
        this.id = id;
        this.message = message;
        this.since = since;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getSince() {
        return since;
    }

    public void setSince(String since) {
        this.since = since;
    }
}
