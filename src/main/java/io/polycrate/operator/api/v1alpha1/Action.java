package io.polycrate.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A block action: a shell script or an Ansible playbook. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.script) != has(self.playbook)",
        message = "an action has exactly one of script or playbook")
public class Action {
    @Required
    @Pattern(Names.DNS1123_LABEL)
    @Size(max = Names.LABEL_MAX_LENGTH)
    @JsonPropertyDescription("Name of the action, unique within its block (DNS-1123 label).")
    private String name;

    @Size(max = 1024)
    @JsonPropertyDescription("What the action does, for people.")
    private String description;

    @Size(min = 1, max = 256)
    @JsonPropertyDescription("Shell lines, Go templates rendered when the run starts (.Workspace, .Block as in "
            + "Polycrate: {{ .Block.Config.namespace }}), then run in order as one script by bash with "
            + "'set -euo pipefail' (sh -eu if the image has no bash). Exactly one of script or playbook.")
    private List<String> script;

    @Size(min = 1, max = 1024)
    @JsonPropertyDescription("Path of an Ansible playbook in the block's directory (a Go template, with .Action "
            + "too), run there as 'ansible-playbook -e @<snapshot> <playbook>'. Exactly one of script or playbook.")
    private String playbook;

    @Size(max = 1024)
    @JsonPropertyDescription("Container image for this action; overrides the block's and the workspace's image.")
    private String image;

    @Min(1)
    @JsonPropertyDescription("Seconds the step may run before it fails with DeadlineExceeded "
            + "(the Job's activeDeadlineSeconds).")
    private Long timeoutSeconds;

    @JsonPropertyDescription("Ask a person before the action runs (after the step's prompt).")
    private Prompt prompt;

    public Action() {
    }

    public Action(String name, List<String> script) {
        this.name = name;
        this.script = script;
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

    public List<String> getScript() {
        return script;
    }

    public void setScript(List<String> script) {
        this.script = script;
    }

    public String getPlaybook() {
        return playbook;
    }

    public void setPlaybook(String playbook) {
        this.playbook = playbook;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public Long getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(Long timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public Prompt getPrompt() {
        return prompt;
    }

    public void setPrompt(Prompt prompt) {
        this.prompt = prompt;
    }
}
