package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Where a kubeconfig or an Ansible inventory comes from: a Secret (never inline content), or another block (its
 * artifact, else its Secret), as Polycrate's {@code kubeconfig.from}/{@code inventory.from}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.secretRef) != has(self.from)", message = "set exactly one of secretRef or from")
public class CredentialSource {
    @JsonPropertyDescription("The Secret whose key holds the file; mounted read-only into the steps that use it.")
    private SecretFileReference secretRef;

    @Pattern(Names.DNS1123_LABEL)
    @Size(max = Names.LABEL_MAX_LENGTH)
    @JsonPropertyDescription("A block of this workspace whose file to use: the one a previous step wrote to "
            + "/workspace/artifacts/blocks/<block>/ (kubeconfig.yml, inventory.yml), else that block's secretRef.")
    private String from;

    public CredentialSource() {
    }

    public static CredentialSource secret(String name, String key) {
        CredentialSource source = new CredentialSource();
        source.setSecretRef(new SecretFileReference(name, key));
        return source;
    }

    public static CredentialSource fromBlock(String block) {
        CredentialSource source = new CredentialSource();
        source.setFrom(block);
        return source;
    }

    public SecretFileReference getSecretRef() {
        return secretRef;
    }

    public void setSecretRef(SecretFileReference secretRef) {
        this.secretRef = secretRef;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }
}
