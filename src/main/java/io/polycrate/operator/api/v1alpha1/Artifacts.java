package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;

/** The artifacts volume: what one step writes under /workspace/artifacts, the next steps of the run read. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Artifacts {
    @Required
    @SchemaFrom(type = VolumeClaimSpecSchema.class)
    @JsonPropertyDescription("The spec (core/v1 PersistentVolumeClaimSpec: accessModes, storageClassName, "
            + "resources.requests.storage, volumeMode, volumeAttributesClassName) of the PersistentVolumeClaim the operator creates for each run, named "
            + "<run>-artifacts, owned by the run and deleted with it, mounted at /workspace/artifacts in every step.")
    private PersistentVolumeClaimSpec volumeClaimTemplate;

    public Artifacts() {
    }

    public Artifacts(PersistentVolumeClaimSpec volumeClaimTemplate) {
        this.volumeClaimTemplate = volumeClaimTemplate;
    }

    public PersistentVolumeClaimSpec getVolumeClaimTemplate() {
        return volumeClaimTemplate;
    }

    public void setVolumeClaimTemplate(PersistentVolumeClaimSpec volumeClaimTemplate) {
        this.volumeClaimTemplate = volumeClaimTemplate;
    }
}
