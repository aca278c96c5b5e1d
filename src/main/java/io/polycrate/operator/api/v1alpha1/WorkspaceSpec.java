package io.polycrate.operator.api.v1alpha1;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;

/** What workspace.poly holds: blocks with actions, and workflows over them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkspaceSpec {
    @Size(max = 1024)
    @JsonPropertyDescription("Default container image of every action; the operator's default image if absent.")
    private String image;

    @Pattern(Names.DNS1123_SUBDOMAIN)
    @Size(max = Names.SUBDOMAIN_MAX_LENGTH)
    @JsonPropertyDescription("Service account of every step Job; the namespace's default if absent.")
    private String serviceAccountName;

    @Size(max = 128)
    @JsonPropertyDescription("Environment variables (core/v1 EnvVar) given to every step.")
    @SchemaFrom(type = EnvVarSchema[].class)
    private List<EnvVar> env;

    @Size(max = 32)
    @JsonPropertyDescription("Sources of environment variables (core/v1 EnvFromSource: Secrets, ConfigMaps) "
            + "given to every step.")
    @SchemaFrom(type = EnvFromSourceSchema[].class)
    private List<EnvFromSource> envFrom;

    @PreserveUnknownFields
    @SchemaFrom(type = FreeFormObject.class)
    @JsonPropertyDescription("Free-form workspace configuration; part of the snapshot every step receives.")
    private Map<String, Object> config;

    @JsonPropertyDescription("Overrides for every step pod: labels, annotations, pod spec and container fields.")
    private PodTemplateOverride podTemplate;

    @JsonPropertyDescription("Parallel (default): runs of this workspace run at the same time. "
            + "Serial: they queue in creation order.")
    private Concurrency concurrency;

    @JsonPropertyDescription("The kubeconfig of every block that has none of its own: a Secret (secretRef) or "
            + "another block's (from). A step's KUBECONFIG is its block's artifact "
            + "/workspace/artifacts/blocks/<block>/kubeconfig.yml if a previous step wrote one, else the block's "
            + "kubeconfig, else this one, as in Polycrate.")
    private CredentialSource kubeconfig;

    @JsonPropertyDescription("The Ansible inventory of every block that has none of its own: a Secret (secretRef) "
            + "or another block's (from). A step's ANSIBLE_INVENTORY is its block's artifact "
            + "/workspace/artifacts/blocks/<block>/inventory.yml if a previous step wrote one, else the block's "
            + "inventory, else this one, as in Polycrate.")
    private CredentialSource inventory;

    @JsonPropertyDescription("Opt-in limits on the finished runs of this workspace: the oldest beyond them are "
            + "deleted, with their Jobs, pods and plan ConfigMaps. Absent: every run is kept. Leave it unset for "
            + "runs a GitOps tool manages (it would create them again).")
    private RunHistory runHistory;

    @JsonPropertyDescription("Optional: a volume per run at /workspace/artifacts, shared by its steps one after "
            + "another (Polycrate's artifacts directory). Absent: steps have no artifacts volume.")
    private Artifacts artifacts;

    @JsonPropertyDescription("Where transactions and run outcomes are reported besides Kubernetes Events: "
            + "events.webhook POSTs each as a JSON document, as Polycrate's events.handler: webhook does.")
    private WorkspaceEvents events;

    @Size(max = 64)
    @ValidationRule(value = "self.all(a, self.exists_one(b, b.name == a.name))",
            message = "block names must be unique within a workspace")
    @JsonPropertyDescription("The blocks of the workspace.")
    private List<Block> blocks;

    @Size(max = 64)
    @ValidationRule(value = "self.all(a, self.exists_one(b, b.name == a.name))",
            message = "workflow names must be unique within a workspace")
    @JsonPropertyDescription("The workflows of the workspace.")
    private List<Workflow> workflows;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getServiceAccountName() {
        return serviceAccountName;
    }

    public void setServiceAccountName(String serviceAccountName) {
        this.serviceAccountName = serviceAccountName;
    }

    public List<EnvVar> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVar> env) {
        this.env = env;
    }

    public List<EnvFromSource> getEnvFrom() {
        return envFrom;
    }

    public void setEnvFrom(List<EnvFromSource> envFrom) {
        this.envFrom = envFrom;
    }

    public Map<String, Object> getConfig() {
        return config;
    }

    public void setConfig(Map<String, Object> config) {
        this.config = config;
    }

    public PodTemplateOverride getPodTemplate() {
        return podTemplate;
    }

    public void setPodTemplate(PodTemplateOverride podTemplate) {
        this.podTemplate = podTemplate;
    }

    public Concurrency getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(Concurrency concurrency) {
        this.concurrency = concurrency;
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

    public RunHistory getRunHistory() {
        return runHistory;
    }

    public void setRunHistory(RunHistory runHistory) {
        this.runHistory = runHistory;
    }

    public Artifacts getArtifacts() {
        return artifacts;
    }

    public void setArtifacts(Artifacts artifacts) {
        this.artifacts = artifacts;
    }

    public WorkspaceEvents getEvents() {
        return events;
    }

    public void setEvents(WorkspaceEvents events) {
        this.events = events;
    }

    public List<Block> getBlocks() {
        return blocks;
    }

    public void setBlocks(List<Block> blocks) {
        this.blocks = blocks;
    }

    public List<Workflow> getWorkflows() {
        return workflows;
    }

    public void setWorkflows(List<Workflow> workflows) {
        this.workflows = workflows;
    }
}
