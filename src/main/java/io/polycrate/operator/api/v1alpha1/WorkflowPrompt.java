package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One prompt of a workflow, with the id that approves or rejects it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowPrompt {
    @JsonPropertyDescription("The prompt id to approve or reject: workflow, step:<step> or action:<step>.")
    private String id;

    @JsonPropertyDescription("The prompt's question.")
    private String message;

    public WorkflowPrompt() {
    }

    public WorkflowPrompt(String id, String message) {
        this.id = id;
        this.message = message;
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
}
