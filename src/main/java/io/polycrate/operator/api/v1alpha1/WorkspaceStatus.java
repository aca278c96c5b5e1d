package io.polycrate.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;

/** What the operator observed of a Workspace: whether it is valid, and its workflows. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkspaceStatus {
    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Ready=True when the workspace is valid; Ready=False with reason InvalidSpec and a "
            + "message listing every problem with its path otherwise.")
    @SchemaFrom(type = ConditionSchema[].class)
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The workflows of the workspace, as `polycrate workflows list` shows them.")
    private List<WorkflowSummary> workflows = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public List<WorkflowSummary> getWorkflows() {
        return workflows;
    }

    public void setWorkflows(List<WorkflowSummary> workflows) {
        this.workflows = workflows;
    }
}
