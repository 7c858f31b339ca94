package dev.popnet.edge;

import dev.popnet.core.cache.CacheKey;
import dev.popnet.core.cache.decision.Answer;
import dev.popnet.core.cache.decision.RequestView;
import dev.popnet.core.cache.decision.ResponseHead;
import dev.popnet.core.cache.decision.Step;
import dev.popnet.core.http.CacheStatus;
import dev.popnet.core.http.FieldValues;
import dev.popnet.core.http.HeaderList;
import dev.popnet.core.http.NoCacheReason;
import dev.popnet.core.http.RequestTarget;
import dev.popnet.edge.upstream.UpstreamRequest;
import dev.popnet.edge.upstream.UpstreamResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests the cache does not answer: unsafe methods (their bodies streamed to the origin with
 * backpressure, framed as received, {@code Expect: 100-continue} passed on) and Range misses. Nothing is
 * stored; a successful unsafe request invalidates its target and the Location / Content-Location it
 * names on the same host (RFC 9111 §4.4).
 */
final class PassThrough {
    private static final Pattern ABSOLUTE = Pattern.compile("(?i)https?://([^/?#]*)([/?].*)?");
    private final EdgeConfig config;
    private final EdgeStore store;
    private final EdgeStats stats;
    private final Decisions decisions;

    PassThrough(EdgeConfig config, EdgeStore store, EdgeStats stats, Decisions decisions) {
        this.config = config;
        this.store = store;
        this.stats = stats;
        this.decisions = decisions;
    }

    Decisions decisions() {
        return decisions;
    }

    /** Forwards the request; an unsafe method's request must still be paused (its body not yet read). */
    void forward(ClientRequest request, NoCacheReason why) {
        forward(request, why, decisions.request(request.key(), RequestView.of(request.method().name(), request.headers()), null, null));
    }

    /** Forwards a request the machine passed ({@code step}, a PASS), and gives it the answer (§4.4 invalidation). */
    void forward(ClientRequest request, NoCacheReason why, Step<String, EdgeProxy.Waiter> step) {
        long start = System.nanoTime();
        HttpServerRequest http = request.http();
        HttpMethod method = http.method();
        MultiMap headers = Hop.toOrigin(http.headers(), request.origin().authority(), EdgeProxy.remote(request), config.node(), false);
        UpstreamRequest up = UpstreamRequest.of(method, request.target().value(), headers).withEarlyHints(h -> EdgeProxy.earlyHints(request, h));
        boolean withBody = request.hasBody() && method != HttpMethod.GET && method != HttpMethod.HEAD;
        if (withBody) {
            boolean expect = FieldValues.hasToken(http.headers().get("Expect"), "100-continue");
            up = up.withBody(http, request.bodyLength(), expect, v -> {
                if (expect && !http.response().headWritten()) {
                    http.response().writeContinue();
                }
            });
        }
        stats.originFetches.increment();
        request.origin().send(up).onComplete(ar -> {
            stats.upstreamFetched(request, System.nanoTime() - start);
            HttpServerResponse out = http.response();
            if (withBody && !http.isEnded() && http.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
                out.putHeader("Connection", "close"); // the body was not all read: the connection cannot carry another request
            }
            if (ar.failed()) {
                stats.originErrors.increment();
                decisions.answered(step, EdgeProxy.failure(ar.cause()), 0);
                Responses.upstreamError(out, ar.cause(), config.node());
                stats.served(CacheStatus.BYPASS, 0, System.nanoTime() - start);
                return;
            }
            UpstreamResponse resp = ar.result();
            HeaderList received = Hop.fromOrigin(resp.headers());
            Answer.Full answer = new Answer.Full(ResponseHead.known(resp.status(), received, 0, null), received, 0, 0);
            if (decisions.answered(step, answer, 0).invalidate()) {
                invalidate(request, resp.headers());
            }
            Responses.relayHead(out, resp.status(), received, config.node(),
                    Responses.bypass(config.node(), resp.status(), why));
            boolean bodyless = method == HttpMethod.HEAD || resp.status() == 204 || resp.status() == 304;
            if (resp.contentLength() >= 0 && resp.status() != 204 && resp.status() != 304) {
                out.putHeader("Content-Length", String.valueOf(resp.contentLength()));
            } else if (!bodyless) {
                out.setChunked(true);
            }
            Responses.pump(resp, out, stats).onComplete(p -> stats.served(CacheStatus.BYPASS, out.bytesWritten(), System.nanoTime() - start));
        });
    }

    /** §4.4: the target URI, and Location/Content-Location when they name the same host. */
    private void invalidate(ClientRequest request, HeaderList response) {
        String key = request.key();
        String host = key.substring(key.indexOf("://") + 3, key.length() - new CacheKey(key).pathAndQuery().length());
        int n = store.purgeKey(key);
        for (String header : new String[] {"Location", "Content-Location"}) {
            String target = response.get(header);
            String other = target == null ? null : sameHostKey(request.site(), host, target);
            if (other != null) {
                n += store.purgeKey(other);
            }
        }
        stats.purged.add(n);
    }

    private static String sameHostKey(Site site, String host, String reference) {
        String path = reference;
        Matcher absolute = ABSOLUTE.matcher(reference);
        if (absolute.matches()) {
            if (!host.equals(CacheKey.normaliseHost("http", absolute.group(1)))) {
                return null; // §4.4: only URIs with the same host, so one site cannot purge another's
            }
            path = absolute.group(2) == null ? "/" : absolute.group(2);
        }
        try {
            return path.startsWith("/")
                    ? CacheKey.of("http", host, RequestTarget.parse(path).without(site.ignoredParams, site.ignoreQuery)).value() : null;
        } catch (RequestTarget.Invalid e) {
            return null;
        }
    }
}
