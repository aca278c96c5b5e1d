package io.polycrate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No package of the operator depends, through any chain of references, on a package that depends on it: the pure
 * core (workflow/) stays below job/ and the reconcilers. Reads the references of the main sources (imports and
 * qualified names); no library needed.
 */
class PackageCyclesTest {
    private static final String BASE = "io.polycrate.operator.";
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile(
            "io\\.polycrate\\.operator\\.((?:[a-z0-9_]+\\.)*[a-z0-9_]+)\\.[A-Z]");

    @Test
    void noPackageDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> uses = dependencies(Path.of("src/main/java"));
        assertThat(uses).as("the scan found the operator's packages").containsKeys("workflow", "job", "reconciler");
        assertThat(uses.get("workflow")).as("the core does not reach up to job/").doesNotContain("job", "reconciler");

        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            for (String next : uses.get(start)) {
                if (reaches(uses, next, start, new TreeSet<>())) {
                    cycles.add(start + " -> " + next + " -> ... -> " + start);
                }
            }
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    @Test
    void theScanSeesACycle() {
        Map<String, Set<String>> uses = Map.of("workflow", Set.of("naming"), "naming", Set.of("job"),
                "job", Set.of("workflow"));
        assertThat(reaches(uses, "naming", "workflow", new TreeSet<>())).isTrue();
        assertThat(reaches(uses, "naming", "status", new TreeSet<>())).isFalse();
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        return uses.getOrDefault(from, Set.of()).stream().anyMatch(next -> reaches(uses, next, target, seen));
    }

    private static Map<String, Set<String>> dependencies(Path sources) throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                String text = read(file);
                Matcher declared = PACKAGE.matcher(text);
                if (!declared.find() || !declared.group(1).startsWith(BASE)) {
                    return;
                }
                String own = declared.group(1).substring(BASE.length());
                Set<String> used = uses.computeIfAbsent(own, p -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(text);
                while (reference.find()) {
                    if (!reference.group(1).equals(own)) {
                        used.add(reference.group(1));
                    }
                }
            });
        }
        return uses;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
