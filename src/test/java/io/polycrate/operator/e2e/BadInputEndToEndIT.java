package io.polycrate.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.polycrate.operator.e2e.BadInputTable.Row;

/**
 * Bad input through kubectl against the real API server: the table of src/test/resources/bad-input/cases.yaml,
 * malformed and hostile Workspaces and WorkflowRuns, each refused by the API server with a message naming the
 * field, or accepted and answered by the operator with a typed reason and a message naming the field, and
 * never with Java exception text, a stuck run or a retry loop. All rows run at once (BadInputTable); each row
 * is reported as a test of its own, with all of its failures.
 */
class BadInputEndToEndIT {

    @TestFactory
    Stream<DynamicTest> badInputTable() throws Exception {
        Sandbox sandbox = Sandbox.get();
        String user = sandbox.kubectl("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}").ok().out();
        List<BadInputCase> cases = BadInputCase.load(user);
        assertThat(cases).as("rows of the bad-input table").hasSizeGreaterThanOrEqualTo(55);

        BadInputTable table = new BadInputTable(sandbox, user, cases);
        Instant start = Instant.now();
        table.run();
        Duration took = Duration.between(start, Instant.now());
        report(table.rows(), took);
        table.cleanUp();

        return table.rows().stream().map(row -> DynamicTest.dynamicTest(row.c.id() + ": " + row.c.what(), () ->
                assertThat(row.failures)
                        .as("%s (%s)%s; last seen: %s", row.c.id(), row.c.path().getFileName(),
                                row.c.note() == null ? "" : " [" + row.c.note() + "]", row.observed())
                        .isEmpty()));
    }

    /**
     * One line per row (time from sending to the end state), and the table's time, on standard output; in
     * target/e2e/bad-input.txt also what each row showed last, and the events of each failed row's namespace.
     */
    private static void report(List<Row> rows, Duration took) throws Exception {
        StringBuilder lines = new StringBuilder();
        StringBuilder details = new StringBuilder();
        for (Row row : rows) {
            String line = String.format(Locale.ROOT, "%-4s %-36s %-12s %7s  %s", row.failures.isEmpty() ? "ok" : "FAIL",
                    row.c.id(), row.c.outcome().name().toLowerCase(Locale.ROOT), row.timeToOutcome == null ? "-"
                            : String.format(Locale.ROOT, "%.1fs", row.timeToOutcome.toMillis() / 1000.0),
                    String.join(" | ", row.failures));
            lines.append(line).append('\n');
            details.append(line).append("\n    last seen: ").append(row.observed()).append('\n');
            row.diagnostics.forEach(event -> details.append("    event: ").append(event).append('\n'));
        }
        long failed = rows.stream().filter(row -> !row.failures.isEmpty()).count();
        String title = String.format(Locale.ROOT, "bad-input table: %d rows, %d failed, %.1f s%n", rows.size(), failed,
                took.toMillis() / 1000.0);
        System.out.print(title + lines);
        Files.createDirectories(Sandbox.LOGS);
        Files.writeString(Sandbox.LOGS.resolve("bad-input.txt"), title + details);
    }
}
