package io.polycrate.operator.api.v1alpha1;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Labels and annotations for step pods. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PodMetadataOverride {
    @JsonPropertyDescription("Labels added to every step pod.")
    private Map<String, String> labels;

    @JsonPropertyDescription("Annotations added to every step pod.")
    private Map<String, String> annotations;

    public Map<String, String> getLabels() {
        return labels;
    }

    public void setLabels(Map<String, String> labels) {
        this.labels = labels;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }
}
