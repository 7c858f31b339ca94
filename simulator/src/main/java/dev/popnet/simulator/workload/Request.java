package dev.popnet.simulator.workload;

/**
 * One request of a workload or trace: when it arrives (virtual nanoseconds from the start of the run),
 * which object it asks for and how large that object is in bytes.
 */
public record Request(long timeNanos, long objectId, long size) {
}
