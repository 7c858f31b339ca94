package dev.popnet.edge;

import dev.popnet.core.cache.CacheKey;
import dev.popnet.core.config.Check;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One site the edge serves: the hostnames it answers, where its misses go and how it caches them (see
 * configs/edge.yaml, "sites").
 *
 * @param name                    name in logs and /stats; default: the first host
 * @param hosts                   hostnames: exact ({@code www.example.com}), any subdomain ({@code *.example.com}), or {@code *} for every host no other site names
 * @param pool                    the origin pool (a key of {@code pools}); empty: the top-level {@code origin}
 * @param originHost              the Host the origin is sent; empty: the pool's
 * @param ignoredParams           query parameters removed from requests; null: the top-level {@code ignored-params}
 * @param ignoreQuery             remove the whole query; null: the top-level {@code ignore-query}
 * @param ttl                     freshness by status ({@code "200"}, {@code "404"}, or {@code "any"}) for responses without Cache-Control, CDN-Cache-Control or Expires
 * @param requestHeaders          rules for the request headers sent to the origin
 * @param responseHeaders         rules for the origin's response headers, applied as they arrive (so what is stored has them too)
 * @param purgeScope              site: a purge sent with one of this site's hosts removes only this site's objects; all: every site's
 * @param httpsRedirect           requests over plain HTTP are redirected to https (301 for GET and HEAD, 308 for the rest)
 * @param tlsCert                 PEM certificate chain for this site's hosts (chosen by SNI); empty: {@code tls.cert}
 * @param tlsKey                  PEM private key of {@code tlsCert}
 * @param tlsOcspResponse         DER OCSP response for {@code tlsCert}, stapled to its handshakes (openssl engine); empty: none
 * @param compress                gzip compressible responses that the origin sends uncompressed, for clients that accept gzip
 * @param normaliseAcceptEncoding reduce Accept-Encoding to br, gzip or nothing (so a Vary on it keeps a few variants); null: true
 */
public record SiteConfig(String name, List<String> hosts, String pool, String originHost, List<String> ignoredParams, Boolean ignoreQuery,
        Map<String, Duration> ttl, HeaderRules requestHeaders, HeaderRules responseHeaders, String purgeScope, boolean httpsRedirect,
        String tlsCert, String tlsKey, String tlsOcspResponse, boolean compress, Boolean normaliseAcceptEncoding) {

    public SiteConfig {
        hosts = Check.present("hosts", hosts);
        Check.that(!hosts.isEmpty(), "hosts", hosts, "a site needs at least one hostname");
        List<String> normalised = new ArrayList<>();
        for (String h : hosts) {
            normalised.add(hostPattern(h));
        }
        hosts = List.copyOf(normalised);
        name = name == null || name.isBlank() ? hosts.get(0) : name;
        pool = pool == null ? "" : pool;
        originHost = originHost == null ? "" : originHost;
        Check.that(originHost.isEmpty() || CacheKey.normaliseHost("http", originHost) != null, "origin-host", originHost,
                "must be a host[:port]");
        ignoredParams = ignoredParams == null ? null : List.copyOf(ignoredParams);
        ttl = ttl == null ? Map.of() : Map.copyOf(ttl);
        for (Map.Entry<String, Duration> e : ttl.entrySet()) {
            Check.that(e.getKey().equals("any") || e.getKey().matches("[1-5][0-9][0-9]"), "ttl", e.getKey(),
                    "keys are statuses (200, 404, ...) or any");
            Check.nonNegative("ttl." + e.getKey(), e.getValue());
        }
        requestHeaders = requestHeaders == null ? HeaderRules.none() : requestHeaders;
        responseHeaders = responseHeaders == null ? HeaderRules.none() : responseHeaders;
        purgeScope = purgeScope == null ? "site" : purgeScope;
        Check.that(purgeScope.equals("site") || purgeScope.equals("all"), "purge-scope", purgeScope, "must be site or all");
        tlsCert = tlsCert == null ? "" : tlsCert;
        tlsKey = tlsKey == null ? "" : tlsKey;
        Check.that(tlsCert.isEmpty() == tlsKey.isEmpty(), tlsCert.isEmpty() ? "tls-cert" : "tls-key", "nothing",
                "tls-cert and tls-key go together");
        tlsOcspResponse = tlsOcspResponse == null ? "" : tlsOcspResponse;
        Check.that(tlsOcspResponse.isEmpty() || !tlsCert.isEmpty(), "tls-ocsp-response", tlsOcspResponse, "is for tls-cert, which is not set");
        normaliseAcceptEncoding = normaliseAcceptEncoding == null || normaliseAcceptEncoding;
    }

    /** The site the top-level {@code origin} makes when no sites are listed: every host, the origin as its pool. */
    static SiteConfig everyHost() {
        return new SiteConfig("default", List.of("*"), "", "", null, null, Map.of(), null, null, "all", false, "", "", "", false, false);
    }

    /** A hostname pattern lowercased, without a trailing dot; throws for anything else than a hostname, *.hostname or *. */
    static String hostPattern(String h) {
        String p = h == null ? "" : h.strip().toLowerCase(Locale.ROOT);
        if (p.equals("*")) {
            return p;
        }
        String name = p.startsWith("*.") ? p.substring(2) : p;
        String n = CacheKey.normaliseHost("http", name);
        Check.that(n != null && !n.isEmpty() && !n.contains(":") && !n.contains("*"), "hosts", h,
                "each must be a hostname, *.hostname or * (no port)");
        return p.startsWith("*.") ? "*." + n : n;
    }
}
