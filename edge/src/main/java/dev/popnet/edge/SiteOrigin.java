package dev.popnet.edge;

import dev.popnet.core.http.CacheControl;
import dev.popnet.core.http.FieldValues;
import dev.popnet.core.http.HeaderList;
import dev.popnet.edge.upstream.Origin;
import dev.popnet.edge.upstream.OriginPool;
import dev.popnet.edge.upstream.UpstreamRequest;
import dev.popnet.edge.upstream.UpstreamResponse;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A site's way to its pool, where its rules meet the upstream: its request header rules on what is
 * sent; on what comes back, before anything reads it, its response header rules, the freshness it
 * gives responses that carry none (as nginx's {@code proxy_cache_valid}, written as a
 * {@code CDN-Cache-Control: max-age}, so the cache rules see an ordinary header), and gzip for
 * compressible bodies sent uncompressed to a client that accepts gzip.
 */
final class SiteOrigin implements Origin {
    /** Bodies shorter than this gain little from gzip. */
    private static final long MIN_COMPRESS = 256;

    private final SiteConfig site;
    private final OriginPool pool;
    private final Map<Integer, Long> ttl = new HashMap<>();
    private final Long anyTtl;

    SiteOrigin(SiteConfig site, OriginPool pool) {
        this.site = site;
        this.pool = pool;
        for (Map.Entry<String, Duration> e : site.ttl().entrySet()) {
            if (!e.getKey().equals("any")) {
                ttl.put(Integer.parseInt(e.getKey()), e.getValue().toSeconds());
            }
        }
        Duration any = site.ttl().get("any");
        this.anyTtl = any == null ? null : any.toSeconds();
    }

    OriginPool pool() {
        return pool;
    }

    @Override
    public String authority() {
        return site.originHost().isEmpty() ? pool.authority() : site.originHost();
    }

    @Override
    public Future<UpstreamResponse> send(UpstreamRequest request) {
        site.requestHeaders().apply(request.headers());
        return pool.send(request).map(resp -> {
            entering(request, resp);
            return resp;
        });
    }

    private void entering(UpstreamRequest request, UpstreamResponse resp) {
        if (!site.responseHeaders().isEmpty()) {
            resp.rewriteHead(site.responseHeaders()::apply);
        }
        Long seconds = ttl.getOrDefault(resp.status(), anyTtl);
        if (seconds != null && resp.headers().get("Cache-Control") == null && resp.headers().get("CDN-Cache-Control") == null
                && resp.headers().get("Expires") == null) {
            resp.rewriteHead(h -> h.with("CDN-Cache-Control", "max-age=" + seconds));
        }
        if (site.compress() && compressible(resp.headers())) {
            boolean gzip = resp.status() == 200 && request.method() != HttpMethod.HEAD && accepts(request.headers().get("Accept-Encoding"))
                    && (resp.contentLength() < 0 || resp.contentLength() >= MIN_COMPRESS);
            resp.rewriteHead(h -> gzip ? Gzip.head(withVary(h)) : withVary(h));
            if (gzip) {
                resp.code(new Gzip());
            }
        }
    }

    /** Compressible, sent without a content coding, and not marked no-transform (RFC 9110 §7.7). */
    private static boolean compressible(HeaderList h) {
        String coding = h.get("Content-Encoding");
        return (coding == null || coding.equalsIgnoreCase("identity")) && Gzip.compressible(h.get("Content-Type"))
                && !CacheControl.parse(h.list("Cache-Control")).has("no-transform");
    }

    /** What is stored then depends on Accept-Encoding: one copy per coding. */
    private static HeaderList withVary(HeaderList h) {
        String vary = h.list("Vary");
        if (vary != null && (FieldValues.hasToken(vary, "Accept-Encoding") || FieldValues.hasToken(vary, "*"))) {
            return h;
        }
        return h.with("Vary", vary == null ? "Accept-Encoding" : vary + ", Accept-Encoding");
    }

    private static boolean accepts(String acceptEncoding) {
        return AcceptEncoding.accepts(acceptEncoding, "gzip");
    }

    /** The pool is the site snapshot's to close (sites may share one). */
    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
