package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One key of a Secret in the workspace's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebhookSecretRef {
    /** What a Secret's data key may be. */
    public static final String KEY = "^[-._a-zA-Z0-9]+$";

    @Required
    @Size(min = 1, max = Names.SUBDOMAIN_MAX_LENGTH)
    @Pattern(Names.DNS1123_SUBDOMAIN)
    @JsonPropertyDescription("Name of the Secret, in the workspace's namespace.")
    private String name;

    @Required
    @Size(min = 1, max = 253)
    @Pattern(KEY)
    @JsonPropertyDescription("Key of the Secret's data whose value is sent (surrounding whitespace and a trailing "
            + "newline are removed).")
    private String key;

    public WebhookSecretRef() {
    }

    public WebhookSecretRef(String name, String key) {
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
