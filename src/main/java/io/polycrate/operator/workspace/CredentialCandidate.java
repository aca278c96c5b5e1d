package io.polycrate.operator.workspace;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One place a step may take its kubeconfig or inventory from: a block's artifact (the file a previous step wrote to
 * /workspace/artifacts/blocks/&lt;block&gt;/, used if it exists when the step starts) or a key of a Secret (mounted
 * read-only; the step fails if it is missing). Exactly one of {@code artifactBlock} and {@code secretName} is set.
 */
public record CredentialCandidate(String artifactBlock, String secretName, String secretKey) {

    public static CredentialCandidate artifact(String block) {
        return new CredentialCandidate(block, null, null);
    }

    public static CredentialCandidate secret(String name, String key) {
        return new CredentialCandidate(null, name, key);
    }

    @JsonIgnore
    public boolean isSecret() {
        return secretName != null;
    }
}
