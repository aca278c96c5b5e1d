package io.polycrate.operator.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class StepTimelineTest {
    static final long MS = 1_000_000;

    @Test
    void aGapRunsFromOneStepsPodTerminatingToTheNextStepsJobAndCountsEachEventOnce() {
        StepTimeline timeline = new StepTimeline();
        timeline.jobAdded("a", 0, 0);
        timeline.podTerminated("a", 0, 100 * MS);
        timeline.podTerminated("a", 0, 900 * MS); // a later event of the same pod
        timeline.jobAdded("a", 1, 130 * MS);
        timeline.jobAdded("a", 1, 990 * MS);
        timeline.podTerminated("a", 1, 200 * MS);
        timeline.jobAdded("a", 2, 210 * MS);
        timeline.jobAdded("b", 0, 0);
        timeline.podTerminated("b", 0, 50 * MS);
        // b's second Job never seen; c is not asked for
        timeline.podTerminated("c", 0, 0);
        timeline.jobAdded("c", 1, 5000 * MS);

        StepTimeline.Gaps gaps = timeline.gaps(List.of("a", "b"), 3);

        assertThat(gaps.millis()).isEqualTo(new Percentiles(2, 10, 10, 30, 30));
        assertThat(gaps.missing()).isEqualTo(2);
        assertThat(timeline.jobs(run -> run.equals("a") || run.equals("b"))).isEqualTo(4);
    }

    @Test
    void percentilesAreNearestRank() {
        List<Double> hundred = java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList();
        assertThat(Percentiles.of(hundred)).isEqualTo(new Percentiles(100, 1, 50, 99, 100));
        assertThat(Percentiles.of(List.of(7.0))).isEqualTo(new Percentiles(1, 7, 7, 7, 7));
        assertThat(Percentiles.of(List.of()).count()).isZero();
    }
}
