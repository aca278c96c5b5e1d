package io.polycrate.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Where a block's files come from (Polycrate's block directory): a ConfigMap or an OCI image. They are the step's
 * working directory, {@code /workspace/blocks/<block>}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.configMapRef) != has(self.image)",
        message = "set exactly one of configMapRef and image")
@ValidationRule(value = "!has(self.items) || has(self.configMapRef)", message = "items go with configMapRef")
@ValidationRule(value = "!has(self.pullPolicy) || has(self.image)", message = "pullPolicy goes with image")
public class BlockFiles {
    @JsonPropertyDescription("A ConfigMap in the workspace's namespace whose keys are the block's files (a kustomize "
            + "configMapGenerator makes one from a directory). Without items, every key is a file at the top of the "
            + "block directory.")
    private ConfigMapRef configMapRef;

    @Size(max = 256)
    @JsonPropertyDescription("Which keys of the ConfigMap become which files: a path may have directories "
            + "(playbooks/install.yml), which a ConfigMap key cannot. Only the keys listed are files.")
    private List<FileItem> items;

    @Size(max = 1024)
    @JsonPropertyDescription("An OCI image (a Polycrate block pushed to a registry) mounted read-only as the block "
            + "directory, with a Kubernetes image volume: needs Kubernetes 1.31+ with the ImageVolume feature gate "
            + "(on by default from 1.35) and a runtime that supports it (containerd 2.1+, CRI-O 1.31+).")
    private String image;

    @JsonPropertyDescription("When the node pulls the image: Always, IfNotPresent or Never (Kubernetes' default: "
            + "Always for :latest or no tag, else IfNotPresent).")
    private PullPolicy pullPolicy;

    /** The image volume's pull policies, as Kubernetes names them. */
    public enum PullPolicy {
        Always,
        IfNotPresent,
        Never
    }

    public BlockFiles() {
    }

    public ConfigMapRef getConfigMapRef() {
        return configMapRef;
    }

    public void setConfigMapRef(ConfigMapRef configMapRef) {
        this.configMapRef = configMapRef;
    }

    public List<FileItem> getItems() {
        return items;
    }

    public void setItems(List<FileItem> items) {
        this.items = items;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public PullPolicy getPullPolicy() {
        return pullPolicy;
    }

    public void setPullPolicy(PullPolicy pullPolicy) {
        this.pullPolicy = pullPolicy;
    }
}
