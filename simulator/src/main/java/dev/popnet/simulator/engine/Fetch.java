package dev.popnet.simulator.engine;

import dev.popnet.core.cache.decision.Answer;
import dev.popnet.core.cache.decision.Step;
import dev.popnet.simulator.workload.Request;

/**
 * What an edge sent upstream (to its parent PoP or the origin) for a step of its decision machine, until
 * the answer is back. It is the event of its arrival at the origin; {@link #returned} is the event of
 * its answer reaching the edge, a class of its own: with requests, fetches and answers the event loop's
 * one call has three kinds of callee and stays a plain virtual call, so each handler is compiled on its
 * own instead of all of them inlined into the loop in one very large compilation.
 */
final class Fetch extends EventQueue.Event {
    final Lifecycle life;
    final EdgeNode from;
    final Step<Long, Visit> step;
    /** The request that sent it and waits for it; null for a background refresh. */
    final Visit leader;
    final Request request;
    final long sentNanos;
    /** 1 when counted, 0 in warm-up (see {@link Metrics}). */
    final int measured;
    final Returned returned = new Returned();
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
        life.atOrigin(this);
    }

    /** The answer is back at the edge that sent the fetch. */
    final class Returned extends EventQueue.Event {
        @Override
        void fire() {
            life.answered(Fetch.this);
        }
    }
}
