package io.polycrate.operator.api.v1alpha1;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;

/**
 * The CRD schema of an env entry: a core/v1 EnvVar described field by field. Only the schema uses it;
 * the Java model stays Fabric8's EnvVar.
 */
public class EnvVarSchema {
    @Required
    @JsonPropertyDescription("Name of the environment variable.")
    public String name;

    @JsonPropertyDescription("Literal value of the variable.")
    public String value;

    @PreserveUnknownFields
    @SchemaFrom(type = FreeFormObject.class)
    @JsonPropertyDescription("Source of the value (core/v1 EnvVarSource: secretKeyRef, configMapKeyRef, fieldRef, "
            + "resourceFieldRef); the API server checks it when the step pod is created.")
    public Map<String, Object> valueFrom;
}
