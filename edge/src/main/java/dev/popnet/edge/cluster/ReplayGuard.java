package dev.popnet.edge.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;

/**
 * Refuses a signed message that was seen before or claims to be sent outside a window around now, so a
 * copy of a genuine purge cannot be played again. Only messages whose signature checked come here, so
 * the ids remembered are bounded by what holders of the secret send.
 */
final class ReplayGuard {
    /** Wide enough for the clocks of hosts in different PoPs to disagree a little. */
    static final Duration WINDOW = Duration.ofMinutes(5);
    private final Clock clock;
    private final Cache<String, Boolean> seen = Caffeine.newBuilder().expireAfterWrite(WINDOW.multipliedBy(2))
            .maximumSize(100_000).build();

    ReplayGuard(Clock clock) {
        this.clock = clock;
    }

    long now() {
        return clock.millis();
    }

    /** Whether a message with this id, sent at {@code sentMillis}, is new and recent; remembers it if so. */
    boolean firstSeen(String id, long sentMillis) {
        if (Math.abs(clock.millis() - sentMillis) > WINDOW.toMillis()) {
            return false;
        }
        return seen.asMap().putIfAbsent(id, Boolean.TRUE) == null;
    }
}
