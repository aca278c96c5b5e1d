package io.polycrate.operator.webhook;

import java.time.Duration;
import java.util.Optional;

/**
 * When to try a webhook document again: after an attempt that failed in a way another attempt may cure (no
 * connection, a timeout, 5xx, 408, 429), with exponential backoff ({@code initial}, doubled each time, at most
 * {@code max}), for at most {@code maxAttempts} attempts in all. Other answers (4xx, a redirect) are final. Pure.
 */
public record RetryPolicy(int maxAttempts, Duration initial, Duration max) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    /** How an attempt ended: {@code status} the HTTP status, or null when no answer came (refused, timed out). */
    public record Attempt(Integer status) {
        public static Attempt noAnswer() {
            return new Attempt(null);
        }

        public static Attempt answered(int status) {
            return new Attempt(status);
        }

        public boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }

        /** Whether another attempt may end otherwise. */
        public boolean worthRetrying() {
            return status == null || status >= 500 || status == 408 || status == 429;
        }
    }

    /** The wait before attempt {@code attemptsMade + 1}, or empty: the document is delivered, or given up. */
    public Optional<Duration> next(int attemptsMade, Attempt last) {
        if (last.delivered() || !last.worthRetrying() || attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        return Optional.of(backoff(attemptsMade));
    }

    /** The wait after the {@code attemptsMade}-th failed attempt: initial, 2 initial, 4 initial, ... at most max. */
    public Duration backoff(int attemptsMade) {
        Duration wait = initial;
        for (int i = 1; i < attemptsMade && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
