package dev.popnet.edge;

import dev.popnet.core.cache.CacheKey;
import dev.popnet.core.http.FieldValues;
import dev.popnet.core.http.Headers;
import dev.popnet.core.http.RequestTarget;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client request checked and normalised once, at the edge of the system: the Host, the site it names,
 * the request target (origin form, RFC 3986 §6 normalised, the site's ignored parameters gone), the
 * Accept-Encoding reduced as the site asks, and the cache key built from exactly that target. Everything
 * after this works on these values, never on the raw request line.
 *
 * @param host       the normalised Host (from an absolute-form target when there is one, RFC 9112 §3.2.2; from :authority
 *                   in HTTP/2); "" for none
 * @param site       the site serving the host, or null when none does (nothing is then proxied)
 * @param target     what the upstream is sent
 * @param key        the primary cache key
 * @param headers    the request headers, list-valued fields combined across lines
 * @param bodyLength the declared Content-Length, -1 for a chunked body, 0 for none
 * @param upstream   the time this request waits for upstream answers, for its access log line
 */
record ClientRequest(HttpServerRequest http, String host, Site site, RequestTarget target, String key, Headers headers, long bodyLength,
        UpstreamTime upstream) {
    private static final Pattern ABSOLUTE = Pattern.compile("(?i)(https?)://([^/?#]*)([/?].*)?");

    /** A request refused before anything else happens: answered with this status and message. */
    static final class Rejected extends RuntimeException {
        final int status;

        Rejected(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** Where the site sends what the edge does not answer itself. */
    SiteOrigin origin() {
        return site.origin;
    }

    boolean hasBody() {
        return bodyLength != 0;
    }

    HttpMethod method() {
        return http.method();
    }

    /**
     * Checks and normalises a request (RFC 9112 §3.2, §6.3; RFC 9110 §7.2); throws {@link Rejected} for
     * one that cannot be served safely.
     */
    static ClientRequest of(HttpServerRequest r, Sites sites, UpstreamTime upstream) {
        HttpMethod method = r.method();
        if (method == HttpMethod.CONNECT || method == HttpMethod.TRACE) {
            throw new Rejected(405, method + " is not served here");
        }
        List<String> hosts = r.headers().getAll("Host");
        if (hosts.size() > 1) {
            throw new Rejected(400, "more than one Host header");
        }
        if (hosts.isEmpty() && r.version() == HttpVersion.HTTP_2 && r.authority() != null) {
            hosts = List.of(r.authority().toString()); // RFC 9113 §8.3.1: :authority stands for Host
        }
        if (hosts.isEmpty() && r.version() != HttpVersion.HTTP_1_0) {
            throw new Rejected(400, "an HTTP/1.1 request needs a Host header");
        }
        String host = hosts.isEmpty() ? "" : validHost(hosts.get(0));
        String raw = r.uri();
        Matcher absolute = raw.startsWith("/") ? null : ABSOLUTE.matcher(raw);
        if (absolute != null && absolute.matches()) {
            host = validHost(absolute.group(2)); // §3.2.2: the target's authority replaces the Host header
            raw = absolute.group(3) == null ? "/" : absolute.group(3).startsWith("?") ? "/" + absolute.group(3) : absolute.group(3);
        }
        Site site = sites.lookup(host);
        RequestTarget target;
        try {
            target = RequestTarget.parse(raw);
            if (site != null) {
                target = target.without(site.ignoredParams, site.ignoreQuery);
            }
        } catch (RequestTarget.Invalid e) {
            throw new Rejected(400, e.getMessage());
        }
        if (site != null && site.config.normaliseAcceptEncoding()) {
            String bucket = AcceptEncoding.bucket(r.headers().getAll("Accept-Encoding"));
            if (bucket == null) {
                r.headers().remove("Accept-Encoding");
            } else {
                r.headers().set("Accept-Encoding", bucket);
            }
        }
        // A listed site's objects are keyed by hostname alone: the port names the edge's listener (http or https), not the content.
        String keyHost = host.isEmpty() && site != null ? site.origin.authority() : site != null && site.listed ? Sites.withoutPort(host) : host;
        String key = CacheKey.of("http", keyHost, target).value();
        return new ClientRequest(r, host, site, target, key, Headers.ofLines(r.headers()::get, r.headers()::getAll), bodyLength(r),
                upstream);
    }

    private static String validHost(String value) {
        String h = CacheKey.normaliseHost("http", value);
        if (h == null || h.isEmpty()) {
            throw new Rejected(400, "invalid Host");
        }
        return h;
    }

    /** §6.3: a body is framed by chunked or by one Content-Length; both, or anything else, could smuggle a request. */
    private static long bodyLength(HttpServerRequest r) {
        if (r.headers().get("Transfer-Encoding") == null && r.headers().get("Content-Length") == null) {
            return 0;
        }
        List<String> te = r.headers().getAll("Transfer-Encoding");
        List<String> cl = r.headers().getAll("Content-Length");
        if (!te.isEmpty()) {
            if (!cl.isEmpty()) {
                throw new Rejected(400, "both Transfer-Encoding and Content-Length");
            }
            List<String> codings = FieldValues.elements(String.join(",", te));
            if (codings.size() != 1 || !codings.get(0).equalsIgnoreCase("chunked")) {
                throw new Rejected(501, "unsupported Transfer-Encoding: " + String.join(", ", te));
            }
            return -1;
        }
        long length = -1;
        for (String value : cl) {
            for (String member : value.split(",", -1)) {
                String m = member.strip();
                if (m.isEmpty() || m.length() > 18 || !m.chars().allMatch(c -> c >= '0' && c <= '9') || length >= 0 && Long.parseLong(m) != length) {
                    throw new Rejected(400, "invalid Content-Length");
                }
                length = Long.parseLong(m);
            }
        }
        return Math.max(0, length);
    }
}
