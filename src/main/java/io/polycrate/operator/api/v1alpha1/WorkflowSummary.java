package io.polycrate.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One line of what `polycrate workflows list` shows. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowSummary {
    @JsonPropertyDescription("Name of the workflow.")
    private String name;

    @JsonPropertyDescription("Description of the workflow.")
    private String description;

    @JsonPropertyDescription("Number of steps of the workflow.")
    private int steps;

    @JsonPropertyDescription("Every prompt of the workflow in the order a run asks them: the workflow's (id "
            + "workflow), then for each step its own (step:<step>) and its action's (action:<step>, inheritance "
            + "applied). Listed only while the workspace is valid.")
    private List<WorkflowPrompt> prompts;

    public WorkflowSummary() {
    }

    public WorkflowSummary(String name, String description, int steps, List<WorkflowPrompt> prompts) {
        this.name = name;
        this.description = description;
        this.steps = steps;
        this.prompts = prompts;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public int getSteps() {
        return steps;
    }

    public void setSteps(int steps) {
        this.steps = steps;
    }

    public List<WorkflowPrompt> getPrompts() {
        return prompts;
    }

    public void setPrompts(List<WorkflowPrompt> prompts) {
        this.prompts = prompts;
    }
}
