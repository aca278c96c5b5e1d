package io.polycrate.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** An ordered list of block actions run one after another. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Workflow {
    @Required
    @Pattern(Names.DNS1123_LABEL)
    @Size(max = Names.LABEL_MAX_LENGTH)
    @JsonPropertyDescription("Name of the workflow, unique within the workspace (DNS-1123 label).")
    private String name;

    @Size(max = 1024)
    @JsonPropertyDescription("What the workflow does, for people.")
    private String description;

    @JsonPropertyDescription("Ask a person before the first step runs.")
    private Prompt prompt;

    @JsonPropertyDescription("Go on with the next step when a step fails; the run then ends Succeeded with "
            + "reason CompletedWithFailures. Default false: the first failure ends the run Failed.")
    private Boolean allowFailure;

    @Required
    @Size(min = 1, max = 64)
    @ValidationRule(value = "self.all(a, self.exists_one(b, b.name == a.name))",
            message = "step names must be unique within a workflow")
    @JsonPropertyDescription("The steps, run strictly in this order.")
    private List<Step> steps;

    public Workflow() {
    }

    public Workflow(String name, List<Step> steps) {
        this.name = name;
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

    public Prompt getPrompt() {
        return prompt;
    }

    public void setPrompt(Prompt prompt) {
        this.prompt = prompt;
    }

    public Boolean getAllowFailure() {
        return allowFailure;
    }

    public void setAllowFailure(Boolean allowFailure) {
        this.allowFailure = allowFailure;
    }

    public boolean allowsFailure() {
        return Boolean.TRUE.equals(allowFailure);
    }

    public List<Step> getSteps() {
        return steps;
    }

    public void setSteps(List<Step> steps) {
        this.steps = steps;
    }
}
