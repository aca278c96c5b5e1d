package io.polycrate.operator.status;

import java.util.Objects;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Compares two status objects by their JSON form, so a status is written only when it changed. */
public final class StatusComparison {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private StatusComparison() {
    }

    public static boolean sameJson(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(SERIALIZATION.convertValue(a, com.fasterxml.jackson.databind.JsonNode.class),
                SERIALIZATION.convertValue(b, com.fasterxml.jackson.databind.JsonNode.class));
    }
}
