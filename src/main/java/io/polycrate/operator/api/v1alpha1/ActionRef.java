package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A block action named by block and action, for a run of a single action. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ActionRef {
    @Required
    @Pattern(Names.DNS1123_LABEL)
    @Size(max = Names.LABEL_MAX_LENGTH)
    @JsonPropertyDescription("The block of the workspace.")
    private String block;

    @Required
    @Pattern(Names.DNS1123_LABEL)
    @Size(max = Names.LABEL_MAX_LENGTH)
    @JsonPropertyDescription("The action of that block.")
    private String action;

    public ActionRef() {
    }

    public ActionRef(String block, String action) {
        this.block = block;
        this.action = action;
    }

    public String getBlock() {
        return block;
    }

    public void setBlock(String block) {
        this.block = block;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }
}
