package dev.popnet.core.routing;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a client is matched to a PoP. */
public enum Strategy {
    /** Geo DNS: smallest great-circle distance from the client (or its resolver). */
    NEAREST,
    /** Geo DNS: lowest RTT from the configured latency matrix, falling back to the latency model. */
    @JsonProperty("lowest-latency")
    LOWEST_LATENCY,
    /** One shared address; the network's shortest path picks the PoP (catchment), not the DNS. */
    ANYCAST
}
