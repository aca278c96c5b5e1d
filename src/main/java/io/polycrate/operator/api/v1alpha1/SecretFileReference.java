package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A file held by one key of a Secret in the workspace's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretFileReference {
    /** What a Secret's key may be (Kubernetes' rule for ConfigMap and Secret keys). */
    public static final String KEY_PATTERN = "^[-._a-zA-Z0-9]+$";

    @Required
    @Pattern(Names.DNS1123_SUBDOMAIN)
    @Size(max = Names.SUBDOMAIN_MAX_LENGTH)
    @JsonPropertyDescription("Name of the Secret, in the workspace's namespace.")
    private String name;

    @Pattern(KEY_PATTERN)
    @Size(max = Names.SUBDOMAIN_MAX_LENGTH)
    @JsonPropertyDescription("The Secret's key that holds the file; kubeconfig.yml for a kubeconfig, "
            + "inventory.yml for an inventory (the names Polycrate gives these files) if absent.")
    private String key;

    public SecretFileReference() {
    }

    public SecretFileReference(String name, String key) {
        this.name = name;
        this.key = key;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
