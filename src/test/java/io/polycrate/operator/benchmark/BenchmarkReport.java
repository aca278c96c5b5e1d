package io.polycrate.operator.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The benchmark's figures in order: a markdown table for people, JSON for tools. */
final class BenchmarkReport {
    private record Row(String key, String label, Object value) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Long> requests = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    /** A figure; one without a label goes to the JSON only. */
    BenchmarkReport add(String key, String label, Object value) {
        rows.add(new Row(key, label, value instanceof Double d ? round(d) : value));
        return this;
    }

    /** Requests of the measured phase by resource, verb and code (all clients), shown below the table. */
    BenchmarkReport requests(Map<String, Long> breakdown) {
        requests.putAll(breakdown);
        return this;
    }

    /** Something that makes the figures doubtful or the run a failure (failed runs, missing events). */
    BenchmarkReport problem(String problem) {
        problems.add(problem);
        return this;
    }

    boolean ok() {
        return problems.isEmpty();
    }

    String markdown() {
        StringBuilder out = new StringBuilder("| figure | value |\n|---|---|\n");
        for (Row row : rows) {
            if (row.label() == null) {
                continue;
            }
            out.append("| ").append(row.label()).append(" | ").append(text(row.value())).append(" |\n");
        }
        if (!requests.isEmpty()) {
            out.append("\nAPI requests in the measured phase, all clients (resource verb code: count):\n\n");
            requests.forEach((request, count) -> out.append("    ").append(request).append(": ").append(count)
                    .append('\n'));
        }
        if (!problems.isEmpty()) {
            out.append("\nPROBLEMS:\n");
            problems.forEach(p -> out.append("- ").append(p).append('\n'));
        }
        return out.toString();
    }

    String json() {
        Map<String, Object> document = new LinkedHashMap<>();
        rows.forEach(row -> document.put(row.key(), row.value()));
        document.put("requests", requests);
        document.put("problems", problems);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object round(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        return Math.round(value * 1000) / 1000.0;
    }

    private static String text(Object value) {
        if (value == null) {
            return "n/a";
        }
        if (value instanceof Double d) {
            return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%.2f", d);
        }
        return value.toString();
    }
}
