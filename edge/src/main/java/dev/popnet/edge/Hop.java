package dev.popnet.edge;

import dev.popnet.core.http.FieldValues;
import dev.popnet.core.http.HeaderList;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Header hygiene between client, edge and upstream (RFC 9110 §7.6.1): hop-by-hop fields and the fields
 * a Connection header names (whole tokens) never travel on; request headers some origins trust to build
 * URLs or pick a method are dropped, as they are not in the cache key and would let one client poison
 * what others get; this CDN's own headers are only accepted from its PoP members.
 */
final class Hop {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "proxy-authentication-info", "te", "trailer", "transfer-encoding", "upgrade", "proxy-connection", "expect",
            "content-length");
    private static final Set<String> HOP_BY_HOP_ANY_CASE = anyCase(HOP_BY_HOP);

    /** Request headers that origins and frameworks trust for the host, scheme, port, path or method of a request. */
    private static final Set<String> UNKEYED_OVERRIDES = Set.of("x-forwarded-host", "x-forwarded-server", "x-forwarded-port",
            "x-forwarded-prefix", "x-forwarded-scheme", "x-forwarded-proto", "x-forwarded-ssl", "x-host", "x-original-host",
            "x-http-host-override", "x-original-url", "x-rewrite-url", "x-override-url", "x-http-method-override",
            "x-http-method", "x-method-override", "forwarded", "front-end-https", "x-url-scheme");
    private static final Set<String> CONDITIONAL_AND_RANGE = Set.of("if-none-match", "if-modified-since", "if-match",
            "if-unmodified-since", "if-range", "range");
    /** What never goes upstream, in any case (no lowercased copy of each field name per request). */
    private static final Set<String> NEVER_UPSTREAM = anyCase(HOP_BY_HOP, UNKEYED_OVERRIDES, Set.of("host"));
    private static final Set<String> CONDITIONAL_AND_RANGE_ANY_CASE = anyCase(CONDITIONAL_AND_RANGE);
    /** This CDN's own request headers; set by the edge itself, never taken from a client. */
    static final String INTERNAL_PREFIX = "x-popnet-";

    private Hop() {
    }

    @SafeVarargs
    private static Set<String> anyCase(Set<String>... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Set<String> n : names) {
            set.addAll(n);
        }
        return Collections.unmodifiableSet(set);
    }

    /** The lowercased field names a Connection value lists (RFC 9110 §7.6.1), whole tokens only. */
    static Set<String> connectionOptions(String connection) {
        Set<String> names = new HashSet<>();
        for (String token : FieldValues.elements(connection)) {
            names.add(token.toLowerCase(Locale.ROOT));
        }
        return names;
    }

    /**
     * Client request headers to send upstream; {@code full} leaves out conditionals and Range (the cache
     * wants the whole object). Framing fields are written by the upstream connection from what it sends.
     */
    static MultiMap toOrigin(MultiMap client, String originAuthority, String clientIp, String node, boolean full) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        List<String> connection = client.getAll("Connection");
        Set<String> named = connection.isEmpty() ? Set.of() : connectionOptions(String.join(",", connection));
        for (Map.Entry<String, String> h : client) {
            String name = h.getKey();
            if (NEVER_UPSTREAM.contains(name) || name.regionMatches(true, 0, INTERNAL_PREFIX, 0, INTERNAL_PREFIX.length())
                    || full && CONDITIONAL_AND_RANGE_ANY_CASE.contains(name) || !named.isEmpty() && named.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            out.add(name, h.getValue());
        }
        out.set("Host", originAuthority);
        String xff = String.join(", ", client.getAll("X-Forwarded-For"));
        out.set("X-Forwarded-For", xff.isEmpty() ? clientIp : xff + ", " + clientIp);
        String via = String.join(", ", client.getAll("Via"));
        out.set("Via", (via.isEmpty() ? "" : via + ", ") + "1.1 " + node);
        return out;
    }

    /**
     * What the store keeps of a response's headers: all but Set-Cookie, which was meant for the client
     * whose request fetched it, never for the others a stored response goes to.
     */
    static HeaderList forStore(HeaderList headers) {
        return headers.without("Set-Cookie");
    }

    /** Upstream response headers worth keeping and sending on: all but hop-by-hop and framing fields. */
    static HeaderList fromOrigin(HeaderList origin) {
        String connection = origin.list("Connection");
        Set<String> named = connection == null ? Set.of() : connectionOptions(connection);
        List<HeaderList.Field> fields = new ArrayList<>(origin.fields().size());
        for (HeaderList.Field f : origin.fields()) {
            // most responses name no Connection option: then no field name needs lowercasing
            if (!HOP_BY_HOP_ANY_CASE.contains(f.name()) && (named.isEmpty() || !named.contains(f.name().toLowerCase(Locale.ROOT)))) {
                fields.add(f);
            }
        }
        return new HeaderList(fields);
    }
}
