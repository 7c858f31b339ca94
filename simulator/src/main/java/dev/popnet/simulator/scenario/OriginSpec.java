package dev.popnet.simulator.scenario;

import dev.popnet.core.config.Check;
import dev.popnet.core.routing.GeoPoint;
import java.time.Duration;

/**
 * Where the origin is and what it can do: each response takes one of {@code concurrency} slots for
 * {@code processing}; when all are busy fetches queue, and a fetch not answered within {@code timeout}
 * fails (504, or stale-if-error). Bodies then cross the origin's link of {@code link-mbps} (0: not a limit).
 */
public record OriginSpec(GeoPoint location, Duration processing, int concurrency, Duration timeout, double linkMbps) {
    public OriginSpec {
        Check.present("location", location);
        processing = processing == null ? Duration.ofMillis(20) : Check.nonNegative("processing", processing);
        concurrency = concurrency == 0 ? 512 : concurrency;
        Check.that(concurrency >= 1, "concurrency", concurrency, "must be at least 1");
        timeout = timeout == null ? Duration.ofSeconds(10) : Check.positive("timeout", timeout);
        Check.that(linkMbps >= 0, "link-mbps", linkMbps, "must not be negative (0: not a limit)");
    }

    public OriginSpec(GeoPoint location, Duration processing) {
        this(location, processing, 0, null, 0);
    }
}
