package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The CRD schema of an envFrom entry: a core/v1 EnvFromSource described field by field. Only the schema uses
 * it; the Java model stays Fabric8's EnvFromSource.
 */
public class EnvFromSourceSchema {
    @JsonPropertyDescription("Prefix added to every variable name taken from the source.")
    public String prefix;

    @JsonPropertyDescription("A ConfigMap whose keys become environment variables.")
    public SourceReference configMapRef;

    @JsonPropertyDescription("A Secret whose keys become environment variables.")
    public SourceReference secretRef;

    /** A ConfigMap or Secret in the run's namespace. */
    public static class SourceReference {
        @JsonPropertyDescription("Name of the ConfigMap or Secret.")
        public String name;

        @JsonPropertyDescription("Start the step even if the source does not exist.")
        public Boolean optional;
    }
}
