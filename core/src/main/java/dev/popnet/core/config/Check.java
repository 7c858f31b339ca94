package dev.popnet.core.config;

import java.time.Duration;

/** Validation helpers for config record constructors; each names the kebab-case key it checks. */
public final class Check {
    private Check() {
    }

    public static void that(boolean ok, String key, Object value, String reason) {
        if (!ok) {
            throw new InvalidValue(key, value, reason);
        }
    }

    public static long positive(String key, long value) {
        that(value > 0, key, value, "must be positive");
        return value;
    }

    public static long nonNegative(String key, long value) {
        that(value >= 0, key, value, "must not be negative");
        return value;
    }

    public static int port(String key, int value) {
        that(value >= 0 && value <= 65535, key, value, "must be a port number 0-65535 (0 picks a free port)");
        return value;
    }

    public static double fraction(String key, double value) {
        that(value >= 0 && value <= 1, key, value, "must be between 0 and 1");
        return value;
    }

    public static Duration positive(String key, Duration value) {
        that(value != null && !value.isNegative() && !value.isZero(), key, value, "must be a positive duration");
        return value;
    }

    public static Duration nonNegative(String key, Duration value) {
        that(value != null && !value.isNegative(), key, value, "must not be negative");
        return value;
    }

    public static <T> T present(String key, T value) {
        that(value != null, key, "nothing", "is required");
        return value;
    }
}
