package io.polycrate.operator.benchmark;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's request counter {@code apiserver_request_total} as its {@code /metrics} page shows it: one
 * count per label set (verb, group, resource, subresource, code, ...), for all clients together.
 */
final class ApiRequestCounts {
    static final String METRIC = "apiserver_request_total";
    private static final Pattern LINE = Pattern.compile("^" + METRIC + "\\{(.*)}\\s+(\\S+)(\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<Map<String, String>, Double> counts;

    private ApiRequestCounts(Map<Map<String, String>, Double> counts) {
        this.counts = counts;
    }

    /** The counter's samples in a Prometheus text exposition; other metrics are ignored. */
    static ApiRequestCounts parse(String exposition) {
        Map<Map<String, String>, Double> counts = new HashMap<>();
        for (String line : exposition.split("\n")) {
            Matcher sample = LINE.matcher(line.strip());
            if (!sample.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher label = LABEL.matcher(sample.group(1));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            counts.merge(Map.copyOf(labels), Double.parseDouble(sample.group(2)), Double::sum);
        }
        return new ApiRequestCounts(counts);
    }

    /** What was counted since {@code before} (a label set new since then counts from zero). */
    ApiRequestCounts since(ApiRequestCounts before) {
        Map<Map<String, String>, Double> delta = new HashMap<>();
        counts.forEach((labels, value) -> {
            double d = value - before.counts.getOrDefault(labels, 0.0);
            if (d != 0) {
                delta.put(labels, d);
            }
        });
        return new ApiRequestCounts(delta);
    }

    /** The sum over the label sets that match. */
    long sum(Predicate<Map<String, String>> filter) {
        return Math.round(counts.entrySet().stream().filter(e -> filter.test(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum());
    }

    /**
     * Counts by "resource[/subresource] VERB code" for the label sets that match, sorted by that key: the
     * breakdown printed below the summary.
     */
    Map<String, Long> byRequest(Predicate<Map<String, String>> filter) {
        Map<String, Long> breakdown = new TreeMap<>();
        counts.forEach((labels, value) -> {
            if (filter.test(labels)) {
                String subresource = labels.getOrDefault("subresource", "");
                String key = labels.getOrDefault("resource", "") + (subresource.isEmpty() ? "" : "/" + subresource)
                        + " " + labels.getOrDefault("verb", "") + " " + labels.getOrDefault("code", "");
                breakdown.merge(key, Math.round(value), Long::sum);
            }
        });
        return new LinkedHashMap<>(breakdown);
    }

    static Predicate<Map<String, String>> request(String resource, String subresource, String... verbs) {
        return labels -> resource.equals(labels.get("resource"))
                && subresource.equals(labels.getOrDefault("subresource", ""))
                && Arrays.asList(verbs).contains(labels.get("verb"));
    }

    static Predicate<Map<String, String>> code(String code) {
        return labels -> code.equals(labels.get("code"));
    }
}
