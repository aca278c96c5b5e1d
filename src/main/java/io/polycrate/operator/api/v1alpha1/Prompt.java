package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A question a person answers before a workflow, step or action runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Prompt {
    /** The id of a workflow's prompt, asked before the first step that runs. */
    public static final String WORKFLOW_ID = "workflow";

    @Required
    @Size(min = 1, max = 1024)
    @JsonPropertyDescription("The question shown while the run waits, e.g. \"Deploy to PRODUCTION?\". "
            + "The run waits in phase AwaitingApproval until the prompt is approved or rejected by annotation.")
    private String message;

    public Prompt() {
    }

    public Prompt(String message) {
        this.message = message;
    }

    /** The id of the prompt of the step named {@code step}. */
    public static String stepId(String step) {
        return "step:" + step;
    }

    /** The id of the prompt of the action that the step named {@code step} runs. */
    public static String actionId(String step) {
        return "action:" + step;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
