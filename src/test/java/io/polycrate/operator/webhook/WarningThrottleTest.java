package io.polycrate.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class WarningThrottleTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-30T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void oneWarningPerRunPerIntervalAndTheNextSaysHowManyWereHeldBack() {
        WarningThrottle throttle = new WarningThrottle(clock, Duration.ofMinutes(1));

        assertThat(throttle.admit("run-a")).contains(0);
        assertThat(throttle.admit("run-a")).isEmpty();
        assertThat(throttle.admit("run-a")).isEmpty();
        assertThat(throttle.admit("run-b")).as("another run has its own").contains(0);
        now.set(now.get().plusSeconds(59));
        assertThat(throttle.admit("run-a")).isEmpty();
        now.set(now.get().plusSeconds(1));
        assertThat(throttle.admit("run-a")).contains(3);
        assertThat(throttle.admit("run-a")).isEmpty();
    }
}
