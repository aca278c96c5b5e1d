package io.polycrate.operator.api.v1alpha1;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The CRD schema of spec.artifacts.volumeClaimTemplate: the fields of a core/v1 PersistentVolumeClaimSpec that make
 * sense for a volume made anew for every run, described field by field. Only the schema uses it; the Java model stays
 * Fabric8's PersistentVolumeClaimSpec.
 */
public class VolumeClaimSpecSchema {
    @JsonPropertyDescription("Access modes of the volume, e.g. [ReadWriteOnce] (the steps of a run use it one after "
            + "another, each pod on the node of the one before, for a node-local volume).")
    public List<String> accessModes;

    @JsonPropertyDescription("StorageClass of the volume; the cluster's default StorageClass if absent.")
    public String storageClassName;

    @JsonPropertyDescription("Filesystem (the default) or Block; the steps need a Filesystem.")
    public String volumeMode;

    @JsonPropertyDescription("VolumeAttributesClass of the volume, where the cluster has them.")
    public String volumeAttributesClassName;

    @JsonPropertyDescription("The size of the volume: requests.storage (e.g. 1Gi) is required; limits as the "
            + "StorageClass allows.")
    public Resources resources;

    /** Requests and limits of the volume. */
    public static class Resources {
        @JsonPropertyDescription("Minimum resources of the volume: storage, e.g. 1Gi.")
        public Map<String, Quantity> requests;

        @JsonPropertyDescription("Maximum resources of the volume.")
        public Map<String, Quantity> limits;
    }
}
