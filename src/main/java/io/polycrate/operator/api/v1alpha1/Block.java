package io.polycrate.operator.api.v1alpha1;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;

/** A block of the workspace: an image, config and the actions it offers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Block {
    @Required
    @Pattern(Names.DNS1123_LABEL)
    @Size(max = Names.LABEL_MAX_LENGTH)
    @JsonPropertyDescription("Name of the block, unique within the workspace (DNS-1123 label).")
    private String name;

    @Pattern(Names.DNS1123_LABEL)
    @Size(max = Names.LABEL_MAX_LENGTH)
    @JsonPropertyDescription("Another block of this workspace to inherit from: its image, config (deep-merged, this "
            + "block wins), env, podTemplate and actions (an action of the same name here replaces the parent's).")
    private String from;

    @Size(max = 1024)
    @JsonPropertyDescription("Container image of the block's actions (the block content is baked into it); "
            + "overrides the workspace's image.")
    private String image;

    @JsonPropertyDescription("The block's files (Polycrate's block directory), at /workspace/blocks/<block>, the "
            + "working directory of its steps: a ConfigMap's keys or an OCI image. A block with from and no files "
            + "of its own has its parent's.")
    private BlockFiles files;

    @PreserveUnknownFields
    @SchemaFrom(type = FreeFormObject.class)
    @JsonPropertyDescription("Free-form block configuration, deep-merged over the parent block's config; "
            + "part of the snapshot every step receives.")
    private Map<String, Object> config;

    @Size(max = 128)
    @JsonPropertyDescription("Environment variables (core/v1 EnvVar) for this block's steps, added after the "
            + "workspace's; a variable of the same name replaces the inherited one.")
    @SchemaFrom(type = EnvVarSchema[].class)
    private List<EnvVar> env;

    @JsonPropertyDescription("Overrides for this block's step pods, merged over the workspace's podTemplate.")
    private PodTemplateOverride podTemplate;

    @JsonPropertyDescription("The kubeconfig of this block's steps when no previous step wrote "
            + "/workspace/artifacts/blocks/<block>/kubeconfig.yml: a Secret (secretRef) or another block's (from); "
            + "inherited through from; the workspace's if absent.")
    private CredentialSource kubeconfig;

    @JsonPropertyDescription("The Ansible inventory of this block's steps when no previous step wrote "
            + "/workspace/artifacts/blocks/<block>/inventory.yml: a Secret (secretRef) or another block's (from); "
            + "inherited through from; the workspace's if absent.")
    private CredentialSource inventory;

    @Size(max = 32)
    @ValidationRule(value = "self.all(a, self.exists_one(b, b.name == a.name))",
            message = "action names must be unique within a block")
    @JsonPropertyDescription("The actions of the block.")
    private List<Action> actions;

    public Block() {
    }

    public Block(String name, List<Action> actions) {
        this.name = name;
        this.actions = actions;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public BlockFiles getFiles() {
        return files;
    }

    public void setFiles(BlockFiles files) {
        this.files = files;
    }

    public Map<String, Object> getConfig() {
        return config;
    }

    public void setConfig(Map<String, Object> config) {
        this.config = config;
    }

    public List<EnvVar> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVar> env) {
        this.env = env;
    }

    public PodTemplateOverride getPodTemplate() {
        return podTemplate;
    }

    public void setPodTemplate(PodTemplateOverride podTemplate) {
        this.podTemplate = podTemplate;
    }

    public CredentialSource getKubeconfig() {
        return kubeconfig;
    }

    public void setKubeconfig(CredentialSource kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    public CredentialSource getInventory() {
        return inventory;
    }

    public void setInventory(CredentialSource inventory) {
        this.inventory = inventory;
    }

    public List<Action> getActions() {
        return actions;
    }

    public void setActions(List<Action> actions) {
        this.actions = actions;
    }
}
