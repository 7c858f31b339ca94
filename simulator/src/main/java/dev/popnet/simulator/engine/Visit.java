package dev.popnet.simulator.engine;

import dev.popnet.simulator.workload.Request;

/** One request at one edge, from a client or from a child PoP filling a miss; an event for each of its stages. */
final class Visit extends EventQueue.Event {
    static final int ARRIVE = 0;
    static final int DECIDE = 1;

    final Lifecycle life;
    final Request request;
    final EdgeNode edge;
    /** The client's region, or null for a child PoP's fill. */
    final Region region;
    /** The child PoP's fetch this visit answers, or null for a client. */
    final Fetch child;
    final long sentNanos;
    /** 1 when counted, 0 in warm-up (see {@link Metrics}). */
    final int measured;
    int stage = ARRIVE;
    /** The client request's place in the run (-1 for a child PoP's fill). */
    int index = -1;
    /** 1 when served by the PoP nearest to the client among those up (routing accuracy), else 0. */
    int nearest;
    /** When the edge's core is done with it: a response cannot leave earlier. */
    long serviceEnd;

    Visit(Lifecycle life, Request request, EdgeNode edge, Region region, Fetch child, long sentNanos, int measured) {
        this.life = life;
        this.request = request;
        this.edge = edge;
        this.region = region;
        this.child = child;
        this.sentNanos = sentNanos;
        this.measured = measured;
    }

    @Override
    void fire() {
        life.atEdge(this);
    }
}
