package io.polycrate.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.json.Json;

/** examples/block-files, the GitOps example of block files and artifacts, is a valid workspace. */
class BlockFilesExampleTest {
    @Test
    void theExampleIsValidAndItsChildBlockRunsInItsParentsFiles() throws IOException {
        Workspace workspace;
        try (InputStream in = Files.newInputStream(Path.of("examples/block-files/workspace.yaml"))) {
            workspace = Json.SERIALIZATION.unmarshal(in, Workspace.class);
        }

        assertThat(WorkspaceValidator.validate(workspace.getSpec())).isEmpty();
        BlockDirectory directory = new BlockInheritance(workspace.getSpec()).resolve("reporting-db").orElseThrow()
                .directory();
        assertThat(directory.block()).isEqualTo("database");
        assertThat(directory.files().getItems()).extracting(i -> i.getKey() + "->" + i.getPath() + " " + i.getMode())
                .containsExactly("install.yml->playbooks/install.yml null", "backup.sh->backup.sh 493");
    }
}
