package dev.popnet.simulator.engine;

import dev.popnet.core.routing.GeoPoint;
import dev.popnet.simulator.workload.Request;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Real servers standing in for the simulator's models (popnet live): the run keeps its request
 * stream, region choice, resolver caching and owner selection, but asks a real DNS router for
 * answers, real edges for the objects, and measures latency on the wall clock. Requests overlap as
 * they would in the field: {@link #fetch} returns at once and completes later, on any thread.
 */
public interface Backend {
    /** How a request was served. */
    enum Served { HIT, PARENT_HIT, ORIGIN, FAILED }

    /** What a fetch came to: how it was served and how long the client waited, network delay included. */
    record Outcome(Served served, double latencyMs) {
        public static final Outcome FAILED = new Outcome(Served.FAILED, 0);
    }

    /** The PoP a resolver at {@code asking} is answered with for a client of region {@code regionIndex}. */
    String resolve(int regionIndex, GeoPoint asking);

    /**
     * Blocks until a request due at {@code virtualNanos} into the run should leave (the backend's pace),
     * and throws if the backend can no longer serve (a component failed).
     */
    void awaitArrival(long virtualNanos);

    /**
     * Fetches the object from the named edge of the named PoP as a client {@code rttMs} away on a link
     * that needs {@code transferMs} for the body.
     */
    CompletionStage<Outcome> fetch(String pop, String edge, Request request, double rttMs, double transferMs);

    /** A scenario event: the PoP's edges crash, or come back (with cold caches). */
    void setPopUp(String pop, boolean up);

    /**
     * A scale step the model took: the PoP grows to, or shrinks to, {@code edges} edges (new ones cold
     * and named on from the highest, the newest leaving first). Returns once the change is done, with
     * what was done step by step, for the timeline.
     */
    List<String> setEdges(String pop, int edges);

    /** A scenario event: the origin stops answering, or answers again. */
    void setOriginUp(boolean up);

    /** Name for reports ("live"). */
    String name();
}
