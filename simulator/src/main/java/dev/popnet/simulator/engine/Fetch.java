package dev.popnet.simulator.engine;

import dev.popnet.core.cache.decision.Answer;
import dev.popnet.core.cache.decision.Step;
import dev.popnet.simulator.workload.Request;

/** What an edge sent upstream (to its parent PoP or the origin) for a step of its decision machine, until the answer is back. */
final class Fetch extends EventQueue.Event {
    static final int AT_ORIGIN = 0;
    static final int ANSWERED = 1;

    final Lifecycle life;
    final EdgeNode from;
    final Step<Long, Visit> step;
    /** The request that sent it and waits for it; null for a background refresh. */
    final Visit leader;
    final Request request;
    final long sentNanos;
    /** 1 when counted, 0 in warm-up (see {@link Metrics}). */
    final int measured;
    int stage = AT_ORIGIN;
    Answer answer;
    /** The parent PoP answered from its cache. */
    boolean parentHit;

    Fetch(Lifecycle life, EdgeNode from, Step<Long, Visit> step, Visit leader, Request request, long sentNanos, int measured) {
        this.life = life;
        this.from = from;
        this.step = step;
        this.leader = leader;
        this.request = request;
        this.sentNanos = sentNanos;
        this.measured = measured;
    }

    @Override
    void fire() {
        if (stage == AT_ORIGIN) {
            life.atOrigin(this);
        } else {
            life.answered(this);
        }
    }
}
