package dev.popnet.simulator.scenario;

import dev.popnet.core.config.Check;
import dev.popnet.core.routing.GeoPoint;
import java.time.Duration;

/** Where the origin is and how long it takes to produce a response. */
public record OriginSpec(GeoPoint location, Duration processing) {
    public OriginSpec {
        Check.present("location", location);
        processing = processing == null ? Duration.ofMillis(20) : Check.nonNegative("processing", processing);
    }
}
