package dev.popnet.simulator.workload;

import dev.popnet.core.config.Check;
import java.time.Duration;

/**
 * From {@code at} for {@code duration}, extra traffic of {@code (multiplier − 1) × base rate} goes to
 * {@code objects} new hot objects (ids after the catalogue), as when a link goes viral.
 */
public record FlashCrowd(Duration at, Duration duration, double multiplier, int objects) {
    public FlashCrowd {
        Check.nonNegative("at", Check.present("at", at));
        Check.positive("duration", duration);
        Check.that(multiplier >= 1, "multiplier", multiplier, "must be at least 1");
        Check.that(objects >= 1, "objects", objects, "must be at least 1");
    }

    boolean activeAt(long tNanos) {
        return tNanos >= at.toNanos() && tNanos < at.plus(duration).toNanos();
    }
}
