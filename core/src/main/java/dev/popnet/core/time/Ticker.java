package dev.popnet.core.time;

/**
 * The one source of time for cache and routing logic: nanoseconds since the Unix epoch.
 * Servers use {@link #system()}; the simulator and tests drive a {@link ManualTicker}.
 */
@FunctionalInterface
public interface Ticker {

    /** Nanoseconds since 1970-01-01T00:00:00Z. */
    long nanos();

    default long millis() {
        return nanos() / 1_000_000L;
    }

    default long seconds() {
        return nanos() / 1_000_000_000L;
    }

    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}
