package dev.popnet.origin;

import dev.popnet.core.config.Check;
import java.time.Duration;

/**
 * Injected misbehaviour: added latency (plus uniform jitter), a share of 5xx answers, being down, or a
 * backend that works on at most {@code concurrency} content requests at once (0: no limit); a request
 * holds one of those slots for its latency, and the others wait for one, first come first served.
 */
public record FaultSettings(Duration latency, Duration jitter, double errorRate, int errorStatus, boolean down, int concurrency) {
    public FaultSettings {
        latency = latency == null ? Duration.ZERO : Check.nonNegative("latency", latency);
        jitter = jitter == null ? Duration.ZERO : Check.nonNegative("jitter", jitter);
        Check.fraction("error-rate", errorRate);
        Check.that(errorStatus >= 500 && errorStatus <= 599, "error-status", errorStatus, "must be a 5xx status");
        Check.that(concurrency >= 0, "concurrency", concurrency, "must be 0 (no limit) or more");
    }

    public static FaultSettings none() {
        return new FaultSettings(Duration.ZERO, Duration.ZERO, 0, 503, false, 0);
    }
}
