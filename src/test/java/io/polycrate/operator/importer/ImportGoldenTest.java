package io.polycrate.operator.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files of the conversion: each Polycrate workspace under src/test/resources/import/golden/ and each example
 * under examples/polycrate/ is imported with the command line, and what it prints (stdout, the manifests) and says
 * (stderr, the notes) must be exactly what is checked in beside it (NAME.yaml, NAME.notes). After a deliberate
 * change, {@code mvn test -Dtest=ImportGoldenTest -Dimport.golden.update=true} writes them anew; review the diff.
 */
class ImportGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/import/golden");
    private static final Path EXAMPLES = Path.of("examples/polycrate");
    private static final Path EXPECTED_EXAMPLES = Path.of("src/test/resources/import/examples");
    private static final boolean UPDATE = Boolean.getBoolean("import.golden.update");

    record Case(String name, Path workspace, Path expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (Path[] source : List.of(new Path[] {GOLDEN, GOLDEN}, new Path[] {EXAMPLES, EXPECTED_EXAMPLES})) {
            if (!Files.isDirectory(source[0])) {
                continue;
            }
            try (Stream<Path> dirs = Files.list(source[0])) {
                dirs.filter(Files::isDirectory).sorted().forEach(dir -> cases.add(new Case(
                        source[0].relativize(dir).toString(), dir, source[1].resolve(dir.getFileName().toString()))));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void importsExactlyAsTheGoldenFilesSay(Case c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ImportCommand.run(new String[] {c.workspace().toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String manifests = out.toString(StandardCharsets.UTF_8);
        String notes = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("exit code; stderr:\n%s", notes).isZero();

        Path yaml = Path.of(c.expected() + ".yaml");
        Path notesFile = Path.of(c.expected() + ".notes");
        if (UPDATE) {
            Files.createDirectories(yaml.getParent());
            Files.writeString(yaml, manifests);
            Files.writeString(notesFile, notes);
        }
        assertThat(manifests).as("stdout of import %s (%s)", c.workspace(), yaml).isEqualTo(Files.readString(yaml));
        assertThat(notes).as("stderr of import %s (%s)", c.workspace(), notesFile)
                .isEqualTo(Files.readString(notesFile));
    }
}
