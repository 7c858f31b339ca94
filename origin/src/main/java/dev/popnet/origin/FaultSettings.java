package dev.popnet.origin;

import dev.popnet.core.config.Check;
import java.time.Duration;

/** Injected misbehaviour: added latency (plus uniform jitter), a share of 5xx answers, or being down. */
public record FaultSettings(Duration latency, Duration jitter, double errorRate, int errorStatus, boolean down) {
    public FaultSettings {
        latency = latency == null ? Duration.ZERO : Check.nonNegative("latency", latency);
        jitter = jitter == null ? Duration.ZERO : Check.nonNegative("jitter", jitter);
        Check.fraction("error-rate", errorRate);
        Check.that(errorStatus >= 500 && errorStatus <= 599, "error-status", errorStatus, "must be a 5xx status");
    }

    public static FaultSettings none() {
        return new FaultSettings(Duration.ZERO, Duration.ZERO, 0, 503, false);
    }
}
