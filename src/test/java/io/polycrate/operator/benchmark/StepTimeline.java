package io.polycrate.operator.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * When the driver's watches saw each step's Job added and each step's pod terminated (the first event with
 * phase Succeeded or Failed), by run and step index; from them, the hand-over gaps between steps.
 */
final class StepTimeline {
    private final Map<String, Long> jobAdded = new ConcurrentHashMap<>();
    private final Map<String, Long> podTerminated = new ConcurrentHashMap<>();

    void jobAdded(String run, int index, long nanos) {
        jobAdded.putIfAbsent(key(run, index), nanos);
    }

    void podTerminated(String run, int index, long nanos) {
        podTerminated.putIfAbsent(key(run, index), nanos);
    }

    /** How many Jobs were seen for the runs that match. */
    long jobs(Predicate<String> runs) {
        return jobAdded.keySet().stream().filter(k -> runs.test(k.substring(0, k.lastIndexOf('/')))).count();
    }

    /**
     * For each run that matches and each step after its first: milliseconds from the previous step's pod
     * terminating to this step's Job being added. A transition with either event missing is counted apart.
     */
    Gaps gaps(List<String> runs, int steps) {
        List<Double> millis = new ArrayList<>();
        int missing = 0;
        for (String run : runs) {
            for (int index = 1; index < steps; index++) {
                Long terminated = podTerminated.get(key(run, index - 1));
                Long added = jobAdded.get(key(run, index));
                if (terminated == null || added == null) {
                    missing++;
                } else {
                    millis.add((added - terminated) / 1e6);
                }
            }
        }
        return new Gaps(Percentiles.of(millis), missing);
    }

    private static String key(String run, int index) {
        return run + "/" + index;
    }

    /** The gaps' distribution and the number of transitions that could not be measured. */
    record Gaps(Percentiles millis, int missing) {
    }
}
