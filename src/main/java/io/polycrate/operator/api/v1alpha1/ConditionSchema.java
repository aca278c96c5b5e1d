package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;

/**
 * The CRD schema of a status condition (metav1.Condition), described field by field. Only the schema uses it;
 * the Java model stays Fabric8's Condition.
 */
public class ConditionSchema {
    @Required
    @JsonPropertyDescription("Type of the condition, e.g. Ready or Succeeded.")
    public String type;

    @Required
    @JsonPropertyDescription("True, False or Unknown.")
    public String status;

    @JsonPropertyDescription("A CamelCase word that says why the condition has its status.")
    public String reason;

    @JsonPropertyDescription("What happened, for people.")
    public String message;

    @JsonPropertyDescription("The metadata.generation the condition was set for.")
    public Long observedGeneration;

    @JsonPropertyDescription("When the status of the condition last changed (RFC 3339).")
    public String lastTransitionTime;
}
