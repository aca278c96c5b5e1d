package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A ConfigMap in the workspace's namespace, by name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigMapRef {
    @Required
    @Pattern(Names.DNS1123_SUBDOMAIN)
    @Size(max = Names.SUBDOMAIN_MAX_LENGTH)
    @JsonPropertyDescription("Name of the ConfigMap.")
    private String name;

    public ConfigMapRef() {
    }

    public ConfigMapRef(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
