package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One key of a ConfigMap as one file of a block directory. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FileItem {
    /** What a ConfigMap key may be. */
    public static final String KEY_PATTERN = "^[-._a-zA-Z0-9]+$";

    @Required
    @Pattern(KEY_PATTERN)
    @Size(max = Names.SUBDOMAIN_MAX_LENGTH)
    @JsonPropertyDescription("The ConfigMap key.")
    private String key;

    @Required
    // the bound keeps the CEL rule within the API server's cost budget (64 blocks of 256 items)
    @Size(min = 1, max = 256)
    @ValidationRule(value = "!self.startsWith('/') && !self.matches('(^|/)[.][.](/|$)')",
            message = "must be a relative path without '..'")
    @JsonPropertyDescription("The file's path in the block directory, relative, without '..' "
            + "(e.g. playbooks/install.yml).")
    private String path;

    @Min(0)
    @Max(511)
    @JsonPropertyDescription("The file's mode bits, e.g. 0755 (YAML) or 493 (JSON) for a script run as ./script.sh; "
            + "0644 if absent.")
    private Integer mode;

    public FileItem() {
    }

    public FileItem(String key, String path) {
        this.key = key;
        this.path = path;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public Integer getMode() {
        return mode;
    }

    public void setMode(Integer mode) {
        this.mode = mode;
    }
}
