package io.polycrate.operator.workspace;

import static io.polycrate.operator.workspace.CredentialCandidate.artifact;
import static io.polycrate.operator.workspace.CredentialCandidate.secret;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.polycrate.operator.api.v1alpha1.Action;
import io.polycrate.operator.api.v1alpha1.Block;
import io.polycrate.operator.api.v1alpha1.CredentialSource;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;
import io.polycrate.operator.workspace.CredentialSources.Kind;

/** Polycrate's order: the block's artifact, else the block's own source, else the workspace's. */
class CredentialSourcesTest {
    private final WorkspaceSpec spec = new WorkspaceSpec();

    private Block block(String name, String from, CredentialSource kubeconfig) {
        Block block = new Block(name, List.of(new Action("a", List.of("true"))));
        block.setFrom(from);
        block.setKubeconfig(kubeconfig);
        if (spec.getBlocks() == null) {
            spec.setBlocks(new ArrayList<>());
        }
        spec.getBlocks().add(block);
        return block;
    }

    private List<CredentialCandidate> kubeconfig(String block) {
        return CredentialSources.of(Kind.KUBECONFIG, spec, new BlockInheritance(spec), block);
    }

    @Test
    void withNothingConfiguredOnlyTheBlocksArtifact() {
        block("app", null, null);
        assertThat(kubeconfig("app")).containsExactly(artifact("app"));
    }

    @Test
    void theBlocksSecretComesAfterItsArtifactAndTheWorkspacesIsNeverReached() {
        spec.setKubeconfig(CredentialSource.secret("workspace-kubeconfig", null));
        block("app", null, CredentialSource.secret("app-kubeconfig", "config"));
        block("other", null, null);

        assertThat(kubeconfig("app")).containsExactly(artifact("app"), secret("app-kubeconfig", "config"));
        assertThat(kubeconfig("other")).containsExactly(artifact("other"),
                secret("workspace-kubeconfig", "kubeconfig.yml"));
    }

    @Test
    void fromBorrowsTheOtherBlocksArtifactThenItsSecretThenTheWorkspaces() {
        spec.setKubeconfig(CredentialSource.secret("workspace-kubeconfig", null));
        block("k8s", null, CredentialSource.secret("admin", null));
        block("plain", null, null);
        block("app", null, CredentialSource.fromBlock("k8s"));
        block("tool", null, CredentialSource.fromBlock("plain"));

        assertThat(kubeconfig("app")).containsExactly(artifact("k8s"), secret("admin", "kubeconfig.yml"));
        assertThat(kubeconfig("tool")).containsExactly(artifact("plain"),
                secret("workspace-kubeconfig", "kubeconfig.yml"));
    }

    @Test
    void aWorkspaceKubeconfigFromABlockIsThatBlocksArtifactThenItsSecret() {
        spec.setKubeconfig(CredentialSource.fromBlock("k8s"));
        block("k8s", null, null);
        block("app", null, null);

        assertThat(kubeconfig("app")).containsExactly(artifact("app"), artifact("k8s"));
        assertThat(kubeconfig("k8s")).containsExactly(artifact("k8s"));

        spec.getBlocks().get(0).setKubeconfig(CredentialSource.secret("admin", "value"));
        assertThat(kubeconfig("app")).containsExactly(artifact("app"), artifact("k8s"), secret("admin", "value"));
    }

    @Test
    void aBlockInheritsItsParentsSourceAndKeepsItsOwnArtifact() {
        block("base", null, CredentialSource.secret("base-kubeconfig", null));
        block("child", "base", null);
        block("own", "base", CredentialSource.fromBlock("child"));

        assertThat(kubeconfig("child")).containsExactly(artifact("child"), secret("base-kubeconfig", "kubeconfig.yml"));
        assertThat(kubeconfig("own")).containsExactly(artifact("child"), secret("base-kubeconfig", "kubeconfig.yml"));
    }

    @Test
    void anInventorySecretsKeyIsInventoryYmlUnlessNamed() {
        spec.setInventory(CredentialSource.secret("hosts", null));
        block("app", null, null);

        assertThat(CredentialSources.of(Kind.INVENTORY, spec, new BlockInheritance(spec), "app"))
                .containsExactly(artifact("app"), secret("hosts", "inventory.yml"));
    }
}
