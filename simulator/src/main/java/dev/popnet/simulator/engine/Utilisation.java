package dev.popnet.simulator.engine;

/** Busy time over available time between two readings of a resource's counters. */
final class Utilisation {
    private long lastBusy;
    private double lastCapacity;

    /** @param capacityNanos server-nanoseconds available since the start (servers × time, summed over changes) */
    double sample(long busyNanos, double capacityNanos) {
        double available = capacityNanos - lastCapacity;
        double u = available <= 0 ? 0 : (busyNanos - lastBusy) / available;
        lastBusy = busyNanos;
        lastCapacity = capacityNanos;
        return u;
    }
}
