package dev.popnet.core.routing;

/** One ranked answer: the PoP and its cost for this client (RTT in ms, or path cost for anycast); lower is better. */
public record Candidate(PopSite pop, double cost) {
}
