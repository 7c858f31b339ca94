package dev.popnet.edge;

import dev.popnet.core.cache.CacheKey;
import dev.popnet.core.cache.Coalescer;
import dev.popnet.core.http.CacheControl;
import dev.popnet.core.http.CacheRules;
import dev.popnet.core.http.CacheStatus;
import dev.popnet.core.http.CacheStatusHeader;
import dev.popnet.core.http.HeaderList;
import dev.popnet.core.http.Headers;
import dev.popnet.core.http.NoCacheReason;
import dev.popnet.core.time.Ticker;
import dev.popnet.edge.cluster.EdgeCluster;
import dev.popnet.edge.cluster.MissRoute;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The caching reverse proxy. GET: serve from the store when RFC 9111 allows, revalidate when it asks
 * for it, otherwise fetch once per key (concurrent misses wait for that fetch), streaming the body to
 * the client while storing it. Other methods pass through and invalidate (§4.4).
 */
final class EdgeProxy {
    private final Vertx vertx;
    private final EdgeConfig config;
    private final Ticker ticker;
    private final EdgeStore store;
    private final EdgeStats stats;
    private final OriginClient origin;
    private final Coalescer<String, StoredObject> coalescer = new Coalescer<>();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    private final Set<String> ignoredParams;
    /** Set once the node has joined its PoP: misses then go to the key's owner or the parent PoP. */
    volatile EdgeCluster cluster;
    private final Map<String, OriginClient> peers = new ConcurrentHashMap<>();

    EdgeProxy(Vertx vertx, EdgeConfig config, Ticker ticker, EdgeStore store, EdgeStats stats, OriginClient origin) {
        this.vertx = vertx;
        this.config = config;
        this.ticker = ticker;
        this.store = store;
        this.stats = stats;
        this.origin = origin;
        this.ignoredParams = new HashSet<>(config.ignoredParams());
    }

    String keyOf(HttpServerRequest request) {
        String host = request.authority() == null ? origin.authority() : request.authority().toString();
        return CacheKey.of("http", host, request.uri(), ignoredParams, config.ignoreQuery()).value();
    }

    void handle(HttpServerRequest request) {
        long start = System.nanoTime();
        stats.requests.increment();
        HttpMethod method = request.method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            passThrough(request, start, NoCacheReason.METHOD);
            return;
        }
        String key = keyOf(request);
        Headers headers = request.headers()::get;
        StoredObject stored = store.lookup(key, headers);
        if (stored != null) {
            fromStore(request, key, stored, start);
        } else if (CacheControl.parse(request.getHeader("Cache-Control")).has("only-if-cached")) {
            Responses.error(request.response(), 504, "not in cache and only-if-cached was asked (RFC 9111 §5.2.1.7)", config.node());
            stats.served(CacheStatus.MISS, 0, System.nanoTime() - start); // a miss that was not forwarded
        } else if (method == HttpMethod.HEAD || request.getHeader("Range") != null || hasConditionals(request)) {
            passThrough(request, start, null); // answered by the origin as asked; the next plain GET stores it
        } else {
            missCoalesced(request, key, start);
        }
    }

    private static boolean hasConditionals(HttpServerRequest r) {
        return r.getHeader("If-None-Match") != null || r.getHeader("If-Modified-Since") != null
                || r.getHeader("If-Match") != null || r.getHeader("If-Unmodified-Since") != null;
    }

    private void fromStore(HttpServerRequest request, String key, StoredObject o, long start) {
        long now = ticker.millis();
        long age = o.ageSeconds(now);
        long lifetime = o.lifetimeSeconds();
        switch (CacheRules.use(request.headers()::get, o.headers(), age, lifetime)) {
            case FRESH -> serveStored(request, o, CacheStatus.HIT, age, lifetime, 0, start);
            case STALE_ACCEPTED -> serveStored(request, o, CacheStatus.STALE, age, lifetime, 0, start);
            case STALE_WHILE_REVALIDATE -> {
                serveStored(request, o, CacheStatus.STALE, age, lifetime, 0, start);
                refreshInBackground(key, o);
            }
            default -> revalidate(request, key, o, age, lifetime, start);
        }
    }

    private void serveStored(HttpServerRequest request, StoredObject o, CacheStatus status, long age, long lifetime, int fwdStatus, long start) {
        long sent = Responses.fromStore(request, o, status, age, lifetime - age, fwdStatus, config.node(), ticker.millis());
        stats.served(status, sent, System.nanoTime() - start);
    }

    /** §4.3.1: ask the origin whether the stored response is still good. */
    private void revalidate(HttpServerRequest request, String key, StoredObject o, long age, long lifetime, long start) {
        stats.revalidations.increment();
        io.vertx.core.MultiMap headers = Hop.toOrigin(request.headers(), origin.authority(), remote(request), config.node(), true);
        conditional(headers, o);
        long sentAt = ticker.millis();
        long fetchStart = System.nanoTime();
        stats.originFetches.increment();
        origin.send(HttpMethod.GET, request.uri(), headers, null).onComplete(ar -> {
            stats.originLatency.recordNanos(System.nanoTime() - fetchStart);
            if (ar.failed()) {
                stats.originErrors.increment();
                staleOrError(request, o, age, lifetime, start, ar.cause());
                return;
            }
            HttpClientResponse resp = ar.result();
            if (resp.statusCode() == 304) {
                resp.resume();
                StoredObject fresh = o.freshened(o.headers().freshenedBy(Hop.fromOrigin(resp.headers())), sentAt, ticker.millis(),
                        config.heuristicCap().toSeconds());
                store.put(fresh);
                serveStored(request, fresh, CacheStatus.REVALIDATED, fresh.ageSeconds(ticker.millis()), fresh.lifetimeSeconds(), 304, start);
            } else if (resp.statusCode() >= 500 && CacheRules.staleIfError(request.headers()::get, o.headers(), age, lifetime)) {
                resp.resume();
                stats.originErrors.increment();
                serveStored(request, o, CacheStatus.STALE, age, lifetime, resp.statusCode(), start);
            } else {
                streamAndStore(request, key, resp, CacheStatus.EXPIRED, sentAt, start, true);
            }
        });
    }

    private static void conditional(io.vertx.core.MultiMap headers, StoredObject o) {
        String etag = o.headers().get("ETag");
        String lastModified = o.headers().get("Last-Modified");
        if (etag != null) {
            headers.set("If-None-Match", etag);
        }
        if (lastModified != null) {
            headers.set("If-Modified-Since", lastModified);
        }
    }

    private void staleOrError(HttpServerRequest request, StoredObject o, long age, long lifetime, long start, Throwable cause) {
        if (o != null && CacheRules.staleIfError(request.headers()::get, o.headers(), age, lifetime)) {
            serveStored(request, o, CacheStatus.STALE, age, lifetime, 0, start);
            return;
        }
        boolean timeout = cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")
                || String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timeout");
        Responses.error(request.response(), timeout ? 504 : 502,
                (timeout ? "origin timed out: " : "origin unreachable: ") + cause.getMessage(), config.node());
        stats.served(CacheStatus.BYPASS, 0, System.nanoTime() - start);
    }

    /** N concurrent misses for one key: one origin fetch; the others wait (bounded) and are served from it. */
    private void missCoalesced(HttpServerRequest request, String key, long start) {
        CompletableFuture<StoredObject> result = new CompletableFuture<>();
        Coalescer.Join<StoredObject> join = coalescer.join(key, () -> result);
        if (join.leader()) {
            fetch(request, key, CacheStatus.MISS, start).onComplete(ar -> result.complete(ar.succeeded() ? ar.result() : null));
            return;
        }
        stats.coalescedWaits.increment();
        Context context = vertx.getOrCreateContext();
        request.pause();
        join.future().orTimeout(config.coalesceWait().toMillis(), TimeUnit.MILLISECONDS).whenComplete((o, e) -> context.runOnContext(v -> {
            request.resume();
            StoredObject mine = store.lookup(key, request.headers()::get);
            if (mine != null) {
                serveStored(request, mine, CacheStatus.COLLAPSED, mine.ageSeconds(ticker.millis()), mine.lifetimeSeconds(), mine.status(), start);
            } else {
                fetch(request, key, CacheStatus.MISS, start); // not storable, another variant, or the wait ran out
            }
        }));
    }

    private Future<StoredObject> fetch(HttpServerRequest request, String key, CacheStatus status, long start) {
        EdgeCluster pop = cluster;
        MissRoute route = pop == null ? null : pop.route(key, request.getHeader(MissRoute.INTRA_POP_HEADER) != null);
        if (route == null || route.hop() == MissRoute.Hop.ORIGIN) {
            return fetchFrom(origin, request, key, status, start, true, null);
        }
        OriginClient upstream = peers.computeIfAbsent(route.address(), a -> new OriginClient(vertx, a, config.originTimeout()));
        if (route.hop() == MissRoute.Hop.PARENT) {
            return fetchFrom(upstream, request, key, status, start, true, null);
        }
        stats.peerFetches.increment();
        // The owner is asked first; if it cannot answer (it died, it timed out) this node goes upstream itself.
        return fetchFrom(upstream, request, key, status, start, route.storeLocally(), pop.membership().pop())
                .recover(e -> fetchFrom(pop.membership().config().parent().isEmpty() ? origin : peers.computeIfAbsent(pop.membership().config().parent(),
                        a -> new OriginClient(vertx, a, config.originTimeout())), request, key, status, start, true, null));
    }

    /**
     * Fetches a miss from the origin, the parent PoP or (with {@code intraPop}, the PoP name) the key's
     * owner; fails only when the owner could not be reached, so the caller can go upstream itself.
     */
    private Future<StoredObject> fetchFrom(OriginClient upstream, HttpServerRequest request, String key, CacheStatus status,
            long start, boolean keep, String intraPop) {
        io.vertx.core.MultiMap headers = Hop.toOrigin(request.headers(), upstream.authority(), remote(request), config.node(), true);
        if (upstream != origin && request.authority() != null) {
            headers.set("Host", request.authority().toString()); // caches upstream key the object as the client named it
        }
        if (intraPop != null) {
            headers.set(MissRoute.INTRA_POP_HEADER, intraPop);
        }
        long sentAt = ticker.millis();
        long fetchStart = System.nanoTime();
        if (intraPop == null) {
            stats.originFetches.increment();
        }
        return upstream.send(HttpMethod.GET, request.uri(), headers, null).transform(ar -> {
            stats.originLatency.recordNanos(System.nanoTime() - fetchStart);
            if (ar.failed()) {
                if (intraPop != null) {
                    return Future.failedFuture(ar.cause());
                }
                stats.originErrors.increment();
                staleOrError(request, null, 0, 0, start, ar.cause());
                return Future.succeededFuture(null);
            }
            return streamAndStore(request, key, ar.result(), status, sentAt, start, keep);
        });
    }

    Future<Void> closePeers() {
        return Future.all(peers.values().stream().map(OriginClient::close).toList()).mapEmpty();
    }

    /**
     * Relays an origin response to the client as it arrives, keeping a copy when it may be stored and
     * fits the object size limit; completes with the stored object, or null.
     */
    private Future<StoredObject> streamAndStore(HttpServerRequest request, String key, HttpClientResponse resp, CacheStatus status,
            long sentAt, long start, boolean keep) {
        long receivedAt = ticker.millis();
        HeaderList headers = Hop.fromOrigin(resp.headers());
        String length = resp.getHeader("Content-Length");
        long contentLength = length == null ? -1 : parseLong(length);
        NoCacheReason why = CacheRules.storability("GET", request.headers()::get, resp.statusCode(), headers,
                Math.max(0, contentLength), config.maxObjectSize());
        String varyKey = CacheRules.varyKey(headers.joined("Vary"), request.headers()::get);
        boolean storing = keep && why == null && varyKey != null;
        long lifetime = CacheRules.freshnessLifetime(headers, resp.statusCode(), config.heuristicCap().toSeconds());
        HttpServerResponse out = request.response();
        String cacheStatus = storing
                ? CacheStatusHeader.format(config.node(), status, lifetime, resp.statusCode(), true, null)
                : Responses.bypass(config.node(), resp.statusCode(), why);
        Responses.relayHead(out, resp.statusCode(), headers, config.node(), cacheStatus);
        out.putHeader("Age", "0");
        if (contentLength >= 0) {
            out.putHeader("Content-Length", String.valueOf(contentLength));
        } else {
            out.setChunked(true);
        }
        Promise<StoredObject> done = Promise.promise();
        Buffer[] copy = {storing ? Buffer.buffer((int) Math.min(Math.max(contentLength, 1024), config.maxObjectSize())) : null};
        // The newest chunk is held back until the next one arrives, and the last until the object is
        // stored: a client that has every byte may already be asking again, and must find it.
        Buffer[] held = {null};
        long[] sent = {0};
        resp.handler(chunk -> {
            stats.bytesIn.add(chunk.length());
            if (copy[0] != null) {
                if (copy[0].length() + chunk.length() > config.maxObjectSize()) {
                    copy[0] = null; // too large after all: keep streaming, stop storing
                } else {
                    copy[0].appendBuffer(chunk);
                }
            }
            if (held[0] != null && !out.closed()) {
                out.write(held[0]);
                sent[0] += held[0].length();
                if (out.writeQueueFull()) {
                    resp.pause();
                    out.drainHandler(v -> resp.resume());
                }
            }
            held[0] = chunk;
        });
        resp.exceptionHandler(e -> {
            out.reset();
            done.tryComplete(null);
        });
        resp.endHandler(v -> {
            StoredObject o = copy[0] == null ? null
                    : StoredObject.of(key, varyKey, resp.statusCode(), headers, copy[0], sentAt, receivedAt, config.heuristicCap().toSeconds());
            boolean stored = o != null && store.put(o);
            if (!out.closed()) {
                if (held[0] != null) {
                    sent[0] += held[0].length();
                    out.end(held[0]);
                } else {
                    out.end();
                }
            }
            stats.served(status == CacheStatus.EXPIRED || storing ? status : CacheStatus.BYPASS, sent[0], System.nanoTime() - start);
            done.tryComplete(stored ? o : null);
        });
        resp.resume();
        return done.future();
    }

    /** RFC 5861 §3: one background refresh per key while stale content is being served. */
    private void refreshInBackground(String key, StoredObject o) {
        if (!refreshing.add(key)) {
            return;
        }
        io.vertx.core.MultiMap headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap().set("Host", origin.authority())
                .set("Via", "1.1 " + config.node());
        conditional(headers, o);
        stats.revalidations.increment();
        stats.originFetches.increment();
        long sentAt = ticker.millis();
        String uri = new CacheKey(key).pathAndQuery();
        origin.send(HttpMethod.GET, uri, headers, null).compose(resp -> {
            if (resp.statusCode() == 304) {
                resp.resume();
                store.put(o.freshened(o.headers().freshenedBy(Hop.fromOrigin(resp.headers())), sentAt, ticker.millis(),
                        config.heuristicCap().toSeconds()));
                return Future.succeededFuture();
            }
            return resp.resume().body().map(body -> {
                HeaderList h = Hop.fromOrigin(resp.headers());
                stats.bytesIn.add(body.length());
                if (CacheRules.storability("GET", Headers.NONE, resp.statusCode(), h, body.length(), config.maxObjectSize()) == null) {
                    store.put(StoredObject.of(key, o.varyKey(), resp.statusCode(), h, body, sentAt, ticker.millis(), config.heuristicCap().toSeconds()));
                }
                return null;
            });
        }).onComplete(ar -> {
            if (ar.failed()) {
                stats.originErrors.increment();
            }
            refreshing.remove(key);
        });
    }

    /** Unsafe methods, HEAD, Range and conditional misses: forwarded as they are, never stored. */
    private void passThrough(HttpServerRequest request, long start, NoCacheReason why) {
        io.vertx.core.MultiMap headers = Hop.toOrigin(request.headers(), origin.authority(), remote(request), config.node(), false);
        stats.originFetches.increment();
        long fetchStart = System.nanoTime();
        boolean hasBody = request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD;
        origin.send(request.method(), request.uri(), headers, hasBody ? request : null).onComplete(ar -> {
            stats.originLatency.recordNanos(System.nanoTime() - fetchStart);
            if (ar.failed()) {
                stats.originErrors.increment();
                staleOrError(request, null, 0, 0, start, ar.cause());
                return;
            }
            HttpClientResponse resp = ar.result();
            if (CacheRules.invalidates(request.method().name(), resp.statusCode())) {
                invalidate(request, resp);
            }
            HttpServerResponse out = request.response();
            Responses.relayHead(out, resp.statusCode(), Hop.fromOrigin(resp.headers()), config.node(),
                    Responses.bypass(config.node(), resp.statusCode(), why));
            String length = resp.getHeader("Content-Length");
            if (length != null) {
                out.putHeader("Content-Length", length);
            } else {
                out.setChunked(true);
            }
            resp.handler(chunk -> stats.bytesIn.add(chunk.length()));
            resp.pipeTo(out).onComplete(p -> stats.served(CacheStatus.BYPASS, out.bytesWritten(), System.nanoTime() - start));
        });
    }

    /** §4.4: the target URI, and Location/Content-Location on the same host. */
    private void invalidate(HttpServerRequest request, HttpClientResponse resp) {
        String key = keyOf(request);
        String base = key.substring(0, key.length() - new CacheKey(key).pathAndQuery().length());
        int n = store.purge(o -> o.primaryKey().equals(key));
        for (String header : new String[] {"Location", "Content-Location"}) {
            String target = resp.getHeader(header);
            if (target != null && target.startsWith("/")) {
                String other = CacheKey.of("http", base.substring(base.indexOf("://") + 3), target, ignoredParams, config.ignoreQuery()).value();
                n += store.purge(o -> o.primaryKey().equals(other));
            }
        }
        stats.purged.add(n);
    }

    private static String remote(HttpServerRequest r) {
        return r.remoteAddress() == null ? "unknown" : r.remoteAddress().hostAddress();
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
