package dev.popnet.simulator.engine;

import dev.popnet.core.routing.GeoPoint;
import dev.popnet.simulator.workload.Request;

/**
 * Real servers standing in for the simulator's models (popnet live): the run keeps its request
 * stream, region choice, resolver caching, owner selection and latency model, but asks a real DNS
 * router for answers and real edges for the objects.
 */
public interface Backend {
    /** How a request was served. */
    enum Served { HIT, PARENT_HIT, ORIGIN, FAILED }

    /** The PoP a resolver at {@code asking} is answered with for a client of region {@code regionIndex}. */
    String resolve(int regionIndex, GeoPoint asking);

    /** Fetches the object from the named edge of the named PoP. */
    Served serve(String pop, String edge, Request request);

    /** Name for reports ("live"). */
    String name();
}
