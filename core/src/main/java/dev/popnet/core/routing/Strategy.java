package dev.popnet.core.routing;

/** How a client is matched to a PoP. */
public enum Strategy {
    /** Geo DNS: smallest great-circle distance from the client (or its resolver). */
    NEAREST,
    /** Geo DNS: lowest RTT from the configured latency matrix, falling back to the latency model. */
    LOWEST_LATENCY,
    /** One shared address; the network's shortest path picks the PoP (catchment), not the DNS. */
    ANYCAST
}
