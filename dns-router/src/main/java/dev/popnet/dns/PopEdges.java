package dev.popnet.dns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.popnet.core.config.ConfigLoader;
import dev.popnet.core.config.InvalidValue;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The document {@code PUT /admin/pops/{pop}/edges} takes and {@code GET} gives:
 * {@code {"edges": [{"address": "192.0.2.10", "http": "192.0.2.10:8080", "weight": 1}, ...]}}, the PoP's
 * whole edge list (an edge left out is no longer answered). Read strictly: an unknown key, a bad
 * address, a repeated address or an {@code http} that is not host:port is refused with its place named.
 */
final class PopEdges {
    private static final Set<String> KEYS = Set.of("address", "http", "weight");

    private PopEdges() {
    }

    static List<DnsConfig.Edge> parse(String body) {
        JsonNode doc;
        try {
            doc = ConfigLoader.jsonMapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (doc == null || !doc.isObject() || doc.size() != 1 || !doc.path("edges").isArray()) {
            throw new IllegalArgumentException("expected {\"edges\": [{\"address\": ..., \"http\": \"host:port\", \"weight\": ...}, ...]}");
        }
        List<DnsConfig.Edge> edges = new ArrayList<>();
        Set<String> addresses = new HashSet<>();
        int i = 0;
        for (JsonNode e : doc.get("edges")) {
            String where = "edges[" + i++ + "]";
            if (!e.isObject()) {
                throw new IllegalArgumentException(where + ": expected an object (got " + e + ")");
            }
            e.fieldNames().forEachRemaining(k -> {
                if (!KEYS.contains(k)) {
                    throw new IllegalArgumentException(where + ": unknown key " + k + " (keys: address, http, weight)");
                }
            });
            JsonNode address = e.path("address");
            JsonNode http = e.path("http");
            JsonNode weight = e.path("weight");
            if (!address.isTextual() || !(http.isMissingNode() || http.isTextual()) || !(weight.isMissingNode() || weight.isNumber())) {
                throw new IllegalArgumentException(where + ": address and http are strings, weight a number (got " + e + ")");
            }
            DnsConfig.Edge edge;
            try {
                edge = new DnsConfig.Edge(address.asText(), http.isMissingNode() ? null : http.asText(), weight.asDouble(0));
            } catch (InvalidValue bad) {
                throw new IllegalArgumentException(where + "." + bad.getMessage());
            }
            checkHostPort(where, edge.http());
            if (!addresses.add(edge.address())) {
                throw new IllegalArgumentException(where + ".address: listed twice (got " + edge.address() + ")");
            }
            edges.add(edge);
        }
        return edges;
    }

    /** The health checker and redirects build URLs from it: it must be a host and a port, nothing more. */
    private static void checkHostPort(String where, String http) {
        try {
            URI uri = new URI("http://" + http);
            if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535 || uri.getRawPath().length() > 0
                    || uri.getRawQuery() != null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException();
            }
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".http: expected host:port (got " + http + ")");
        }
    }

    static Map<String, Object> document(DnsConfig.Pop pop) {
        List<Map<String, Object>> edges = new ArrayList<>();
        for (DnsConfig.Edge e : pop.edges()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", e.address());
            m.put("http", e.http());
            m.put("weight", e.weight());
            edges.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("pop", pop.name());
        doc.put("edges", edges);
        return doc;
    }
}
