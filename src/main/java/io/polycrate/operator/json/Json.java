package io.polycrate.operator.json;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The operator's one JSON mapper: Fabric8's serialization, which knows the Kubernetes model types. Cloning a
 * status, comparing two, converting a pod template, reading and writing the frozen plan all go through it.
 */
public final class Json {
    public static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Json() {
    }
}
