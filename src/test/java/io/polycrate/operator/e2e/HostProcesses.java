package io.polycrate.operator.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * This machine's processes, read from /proc: the real node's containers run as processes of this machine, so a
 * test can see a step's process, or find the operator's JVM in a pod to SIGKILL it.
 */
final class HostProcesses {
    /** A process: its pid, its command line (arguments joined by spaces) and its environment entries. */
    record Process(long pid, String commandLine, List<String> environment) {
    }

    private HostProcesses() {
    }

    static List<Process> matching(Predicate<Process> wanted) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .map(p -> new Process(Long.parseLong(p.getFileName().toString()),
                            read(p.resolve("cmdline")).replace('\0', ' ').strip(),
                            List.of(read(p.resolve("environ")).split("\0"))))
                    .filter(wanted).toList();
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException gone) {
            return "";
        }
    }
}
