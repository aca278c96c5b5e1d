package io.polycrate.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The operator's JVM options live in src/main/docker/jvm-options, which sandbox/build-operator-image and
 * sandbox/benchmark read; the Dockerfile cannot read a file into an ENV, so it repeats them, and must not drift.
 */
class JvmOptionsTest {
    static final Path REPO = Path.of("").toAbsolutePath();

    static List<String> options() throws IOException {
        return Files.readAllLines(REPO.resolve("src/main/docker/jvm-options")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    @Test
    void theDockerfileSaysWhatJvmOptionsSays() throws IOException {
        String dockerfile = Files.readString(REPO.resolve("src/main/docker/Dockerfile.jvm"));
        Matcher env = Pattern.compile("(?m)^ENV JAVA_OPTS_APPEND=\"([^\"]*)\"").matcher(dockerfile);
        assertThat(env.find()).as("Dockerfile.jvm sets JAVA_OPTS_APPEND").isTrue();
        assertThat(Arrays.asList(env.group(1).strip().split("\\s+"))).isEqualTo(options());
    }

    @Test
    void theImageAndTheBenchmarkReadTheFile() throws IOException {
        assertThat(options()).as("jvm-options holds options").isNotEmpty();
        for (String script : List.of("sandbox/build-operator-image", "sandbox/benchmark")) {
            assertThat(Files.readString(REPO.resolve(script))).as(script)
                    .contains("src/main/docker/jvm-options").doesNotContain("MaxRAMPercentage");
        }
    }
}
