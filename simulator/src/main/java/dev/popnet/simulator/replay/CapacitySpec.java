package dev.popnet.simulator.replay;

import dev.popnet.core.config.ByteSizes;

/**
 * A replay capacity as the user wrote it: a fraction of the trace's working set ({@code 0.01}, any number
 * with a decimal point, as libCacheSim reads it) or an absolute size ({@code 1000} objects, {@code 64MiB}).
 */
public record CapacitySpec(String text, double fraction, long absolute) {
    public static CapacitySpec parse(String text, boolean objects) {
        String t = text.trim();
        if (t.matches("\\d*\\.\\d+|\\d+\\.\\d*")) {
            double f = Double.parseDouble(t);
            if (f <= 0) {
                throw new IllegalArgumentException("capacity " + text + ": a fraction of the working set must be positive");
            }
            return new CapacitySpec(t, f, 0);
        }
        long n;
        if (objects) {
            try {
                n = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("capacity " + text + ": with --objects give a count of objects or a fraction like 0.01");
            }
        } else {
            n = ByteSizes.parse(t);
        }
        if (n <= 0) {
            throw new IllegalArgumentException("capacity " + text + " must be positive");
        }
        return new CapacitySpec(t, 0, n);
    }

    public boolean isFraction() {
        return absolute == 0;
    }

    /** The capacity in objects or bytes; a fraction is truncated as libCacheSim truncates it. */
    public long resolve(long workingSet) {
        return isFraction() ? Math.max(1, (long) (workingSet * fraction)) : absolute;
    }
}
