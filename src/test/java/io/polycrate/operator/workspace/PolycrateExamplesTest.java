package io.polycrate.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * examples/polycrate, the reference examples written as Polycrate workspaces, have the hand-written examples' block
 * files (examples/reference/EXAMPLE/blocks) byte for byte, and no others besides block.poly; their kubeconfigs are
 * the hand-written ones, where Polycrate looks for a block's; a script (#!) is executable, as the steps call it
 * (./notify.sh) and as the import keeps it (mode 0755).
 */
class PolycrateExamplesTest {
    private static final Path REFERENCE = Path.of("examples/reference");
    private static final Path POLYCRATE = Path.of("examples/polycrate");

    @ParameterizedTest
    @ValueSource(strings = {"multi-tier", "maintenance", "multi-environment"})
    void theBlockDirectoriesHoldTheHandWrittenExamplesFiles(String example) throws IOException {
        Path handWritten = REFERENCE.resolve(example).resolve("blocks");
        Path polycrate = POLYCRATE.resolve(example).resolve("blocks");

        List<Path> expected = files(handWritten);
        List<Path> actual = files(polycrate).stream().filter(p -> !p.getFileName().toString().equals("block.poly"))
                .toList();

        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        for (Path file : expected) {
            assertThat(polycrate.resolve(file)).as("%s", file).hasSameBinaryContentAs(handWritten.resolve(file));
        }
        for (Path file : files(polycrate)) {
            if (Files.readString(polycrate.resolve(file)).startsWith("#!")) {
                assertThat(Files.isExecutable(polycrate.resolve(file))).as("%s is executable", file).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"multi-tier", "maintenance", "multi-environment", "workflow-workspace"})
    void everyBlockDirectoryHasItsBlockPolyAndTheWorkspaceItsWorkspacePoly(String example) throws IOException {
        Path workspace = POLYCRATE.resolve(example);
        assertThat(workspace.resolve("workspace.poly")).isRegularFile();
        Path blocks = workspace.resolve("blocks");
        if (Files.isDirectory(blocks)) {
            try (Stream<Path> dirs = Files.list(blocks)) {
                dirs.forEach(dir -> assertThat(dir.resolve("block.poly")).isRegularFile()
                        .content().contains("name: " + dir.getFileName()));
            }
        }
    }

    @Test
    void multiEnvironmentsKubeconfigsAreTheHandWrittenOnesWherePolycrateLooks() {
        Path kubeconfigs = REFERENCE.resolve("multi-environment/kubeconfigs");
        Path artifacts = POLYCRATE.resolve("multi-environment/artifacts/blocks");
        Map.of("application", "staging.yml", "production-application", "production.yml").forEach((block, file) ->
                assertThat(artifacts.resolve(block).resolve("kubeconfig.yml"))
                        .hasSameBinaryContentAs(kubeconfigs.resolve(file)));
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
