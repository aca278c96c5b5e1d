package io.polycrate.operator.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.json.Json;

/** The command line: flags, exit codes, and that errors leave stdout empty. */
class ImportCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ImportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void namespaceNameAndArtifactsFlagsShapeTheOutput() throws IOException {
        Files.writeString(dir.resolve("workspace.poly"), "name: team\nblocks:\n- name: app\n  actions:\n"
                + "  - {name: hello, script: [echo hi]}\n");
        Files.createDirectories(dir.resolve("blocks/app"));
        Files.writeString(dir.resolve("blocks/app/block.poly"), "name: app\n");
        Files.writeString(dir.resolve("blocks/app/README.md"), "hello\n");

        assertThat(run(dir.toString(), "-n", "platform", "--name=renamed", "--artifacts", "none"))
                .as(stderr()).isZero();

        List<Map<String, Object>> objects = documents(stdout());
        assertThat(objects).extracting(o -> o.get("kind")).containsExactly("ConfigMap", "Workspace");
        Workspace workspace = Json.SERIALIZATION.convertValue(objects.get(1), Workspace.class);
        assertThat(workspace.getMetadata().getName()).isEqualTo("renamed");
        assertThat(workspace.getMetadata().getNamespace()).isEqualTo("platform");
        assertThat(workspace.getSpec().getArtifacts()).isNull();
        assertThat(workspace.getSpec().getBlocks().get(0).getFiles().getConfigMapRef().getName())
                .isEqualTo("renamed-app-files");
        assertThat(stdout()).contains("namespace: platform\n").doesNotContain("status");
    }

    @Test
    void errorsGoToStderrAndNothingToStdout() throws IOException {
        Files.writeString(dir.resolve("workspace.poly"), "name: w\nworkflows:\n- name: deploy\n");

        assertThat(run(dir.toString())).isEqualTo(ImportCommand.EXIT_ERROR);

        assertThat(stdout()).isEmpty();
        assertThat(stderr()).contains("error: workspace.poly: workflows[deploy].steps: workflow \"deploy\" has no "
                + "steps\n", "error: 1 problem in " + dir + ": nothing imported\n");
    }

    @Test
    void aWrongCommandLineIsExitCodeTwo() {
        assertThat(run()).isEqualTo(ImportCommand.EXIT_USAGE);
        assertThat(run(dir.toString(), "--bogus")).isEqualTo(ImportCommand.EXIT_USAGE);
        assertThat(run(dir.toString(), "--artifacts", "lots")).isEqualTo(ImportCommand.EXIT_USAGE);
        assertThat(run(dir.toString(), "-n")).isEqualTo(ImportCommand.EXIT_USAGE);
        assertThat(stderr()).contains("error: unknown flag --bogus", "error: --artifacts 'lots' is not a size",
                "error: -n needs a value", "Usage: kubectl polycrate import DIR");
        assertThat(run(dir.resolve("missing").toString())).isEqualTo(ImportCommand.EXIT_ERROR);
        assertThat(stdout()).isEmpty();
    }

    @Test
    void theOutputIsTheSameOnEveryRun() throws IOException {
        Path everything = Path.of("src/test/resources/import/golden/everything");
        assertThat(run(everything.toString())).isZero();
        String first = stdout();
        out.reset();
        assertThat(run(everything.toString())).isZero();
        assertThat(stdout()).isEqualTo(first);
        assertThat(documents(first)).extracting(o -> o.get("kind"))
                .containsExactly("ConfigMap", "ConfigMap", "Workspace");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(String yaml) throws IOException {
        try (MappingIterator<Map<String, Object>> documents = new YAMLMapper().readerFor(Map.class).readValues(yaml)) {
            return documents.readAll();
        }
    }
}
