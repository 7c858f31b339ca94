package dev.popnet.simulator.engine;

/** One decision of the autoscaler: at {@code atNanos} of virtual time the PoP went to {@code edges} edges, and why. */
record ScaleStep(long atNanos, String pop, int edges, String why) {
}
