package dev.popnet.simulator.workload;

/**
 * One request of a workload or trace: when it arrives (virtual nanoseconds from the start of the run),
 * which object it asks for and how large that object is in bytes.
 *
 * @param contentClass index of the workload's content class (0 for traces and single-class workloads)
 * @param ttlSeconds   the freshness lifetime the trace gives this response ({@code max-age}), or -1 when
 *                     it gives none and the content class decides
 */
public record Request(long timeNanos, long objectId, long size, int contentClass, long ttlSeconds) {

    public Request(long timeNanos, long objectId, long size) {
        this(timeNanos, objectId, size, 0, -1);
    }
}
