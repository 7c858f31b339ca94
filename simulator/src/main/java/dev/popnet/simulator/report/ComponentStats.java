package dev.popnet.simulator.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Set;

/**
 * One component's stats endpoint as read at the end of a live run.
 *
 * @param kind  "origin", "edge", "pop" (an edge's {@code /stats?scope=pop}) or "dns"
 * @param name  the component's name in the scenario (node, PoP or server)
 * @param url   where the stats were read
 * @param stats the endpoint's JSON document; null when it could not be read
 * @param error why the stats could not be read; null when they were
 */
public record ComponentStats(String kind, String name, String url, JsonNode stats, String error) {
    public static final Set<String> KINDS = Set.of("origin", "edge", "pop", "dns");

    public ComponentStats {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("component kind must be one of origin, edge, pop, dns (got " + kind + ")");
        }
        if ((stats == null) == (error == null)) {
            throw new IllegalArgumentException(name + ": give either the stats document or the error, not " + (stats == null ? "neither" : "both"));
        }
    }

    public static ComponentStats read(String kind, String name, String url, JsonNode stats) {
        return new ComponentStats(kind, name, url, Objects.requireNonNull(stats, "stats"), null);
    }

    public static ComponentStats failed(String kind, String name, String url, String error) {
        return new ComponentStats(kind, name, url, null, Objects.requireNonNull(error, "error"));
    }
}
