package io.polycrate.operator.api.v1alpha1;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;

/** Overrides for the pods of step Jobs: labels, annotations and pod spec fields. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PodTemplateOverride {
    @JsonPropertyDescription("Labels and annotations added to every step pod.")
    private PodMetadataOverride metadata;

    @PreserveUnknownFields
    @SchemaFrom(type = FreeFormObject.class)
    @JsonPropertyDescription("Fields of a core/v1 PodSpec merged into every step pod, e.g. nodeSelector, tolerations, "
            + "affinity, securityContext, imagePullSecrets, volumes, priorityClassName. Maps merge; lists and other values replace.")
    private Map<String, Object> spec;

    @PreserveUnknownFields
    @SchemaFrom(type = FreeFormObject.class)
    @JsonPropertyDescription("Fields of a core/v1 Container merged into the step container, e.g. resources, "
            + "securityContext, volumeMounts.")
    private Map<String, Object> container;

    public PodMetadataOverride getMetadata() {
        return metadata;
    }

    public void setMetadata(PodMetadataOverride metadata) {
        this.metadata = metadata;
    }

    public Map<String, Object> getSpec() {
        return spec;
    }

    public void setSpec(Map<String, Object> spec) {
        this.spec = spec;
    }

    public Map<String, Object> getContainer() {
        return container;
    }

    public void setContainer(Map<String, Object> container) {
        this.container = container;
    }
}
