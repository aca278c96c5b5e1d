package io.polycrate.operator.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * At most one warning per key (a run) per interval; the warnings held back in between are counted and the next one
 * says how many. Bounded: the keys seen least recently are forgotten first.
 */
final class WarningThrottle {
    private static final int KEYS = 1024;

    private record Warned(Instant at, int heldBack) {
    }

    private final Clock clock;
    private final Duration interval;
    private final Map<String, Warned> warned = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Warned> eldest) {
            return size() > KEYS;
        }
    };

    WarningThrottle(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * Whether a warning about {@code key} may go out now: empty if not (it is counted), else how many were held back
     * since the last one.
     */
    synchronized Optional<Integer> admit(String key) {
        Instant now = clock.instant();
        Warned last = warned.get(key);
        if (last != null && now.isBefore(last.at().plus(interval))) {
            warned.put(key, new Warned(last.at(), last.heldBack() + 1));
            return Optional.empty();
        }
        warned.put(key, new Warned(now, 0));
        return Optional.of(last == null ? 0 : last.heldBack());
    }
}
