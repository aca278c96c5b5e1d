package io.polycrate.operator.api.v1alpha1;

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

    public WorkflowSummary() {
    }

    public WorkflowSummary(String name, String description, int steps) {
        this.name = name;
        this.description = description;
        this.steps = steps;
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
}
