package io.polycrate.operator.status;

import java.util.Objects;
import io.polycrate.operator.json.Json;


/** Compares two status objects by their JSON form, so a status is written only when it changed. */
public final class StatusComparison {

    private StatusComparison() {
    }

    public static boolean sameJson(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(Json.SERIALIZATION.convertValue(a, com.fasterxml.jackson.databind.JsonNode.class),
                Json.SERIALIZATION.convertValue(b, com.fasterxml.jackson.databind.JsonNode.class));
    }
}
