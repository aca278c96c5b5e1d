package io.polycrate.operator.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of a sample (NaN for an empty one). */
record Percentiles(int count, double min, double p50, double p99, double max) {

    static Percentiles of(List<Double> values) {
        if (values.isEmpty()) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return new Percentiles(sorted.size(), sorted.get(0), rank(sorted, 50), rank(sorted, 99),
                sorted.get(sorted.size() - 1));
    }

    /** The smallest value that at least {@code percent} of the sample is less than or equal to. */
    private static double rank(List<Double> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
