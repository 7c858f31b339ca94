package dev.popnet.core.routing;

import dev.popnet.core.config.Check;

/** How much load a target (a PoP) takes before it gets no new clients; 0 = no mark on that measure. */
public record LoadMarks(double requestsPerSecond, double bitsPerSecond) {
    public static final LoadMarks NONE = new LoadMarks(0, 0);

    public LoadMarks {
        Check.that(requestsPerSecond >= 0, "requests-per-second", requestsPerSecond, "must not be negative");
        Check.that(bitsPerSecond >= 0, "bits-per-second", bitsPerSecond, "must not be negative");
    }

    /** Whether the load is over a mark. */
    boolean exceeded(Load load, double fraction) {
        return over(load.requestsPerSecond(), requestsPerSecond, fraction) || over(load.bitsPerSecond(), bitsPerSecond, fraction);
    }

    private static boolean over(double value, double mark, double fraction) {
        return mark > 0 && value > mark * fraction;
    }
}
