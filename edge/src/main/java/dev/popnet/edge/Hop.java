package dev.popnet.edge;

import dev.popnet.core.http.HeaderList;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Header hygiene between client, edge and origin (RFC 9110 §7.6.1): hop-by-hop fields never travel on. */
final class Hop {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade", "proxy-connection");
    /** Request headers that some origins trust to build URLs; unkeyed, so they must not reach the origin. */
    private static final Set<String> UNKEYED_OVERRIDES = Set.of("x-forwarded-host", "x-original-url", "x-rewrite-url",
            "x-forwarded-scheme", "x-forwarded-proto", "x-http-method-override", "forwarded");
    private static final Set<String> CONDITIONAL_AND_RANGE = Set.of("if-none-match", "if-modified-since", "if-match",
            "if-unmodified-since", "if-range", "range");

    private Hop() {
    }

    private static boolean dropped(String lower, MultiMap all) {
        if (HOP_BY_HOP.contains(lower)) {
            return true;
        }
        String connection = all.get("Connection");
        return connection != null && connection.toLowerCase(Locale.ROOT).contains(lower);
    }

    /** Client request headers to send to the origin; {@code full} leaves out conditionals and Range (we want the whole object). */
    static MultiMap toOrigin(MultiMap client, String originAuthority, String clientIp, String node, boolean full) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        for (Map.Entry<String, String> h : client) {
            String lower = h.getKey().toLowerCase(Locale.ROOT);
            if (dropped(lower, client) || lower.equals("host") || UNKEYED_OVERRIDES.contains(lower)
                    || full && CONDITIONAL_AND_RANGE.contains(lower)) {
                continue;
            }
            out.add(h.getKey(), h.getValue());
        }
        out.set("Host", originAuthority);
        String xff = client.get("X-Forwarded-For");
        out.set("X-Forwarded-For", xff == null ? clientIp : xff + ", " + clientIp);
        String via = client.get("Via");
        out.set("Via", (via == null ? "" : via + ", ") + "1.1 " + node);
        return out;
    }

    /** Origin response headers worth keeping (and sending on). */
    static HeaderList fromOrigin(MultiMap origin) {
        List<HeaderList.Field> fields = new ArrayList<>();
        for (Map.Entry<String, String> h : origin) {
            if (!dropped(h.getKey().toLowerCase(Locale.ROOT), origin)) {
                fields.add(new HeaderList.Field(h.getKey(), h.getValue()));
            }
        }
        return new HeaderList(fields);
    }
}
