package dev.popnet.edge;

import dev.popnet.core.cache.Coalescer;
import dev.popnet.core.http.CacheControl;
import dev.popnet.core.http.CacheRules;
import dev.popnet.core.http.CacheStatus;
import dev.popnet.core.http.HeaderList;
import dev.popnet.core.http.NoCacheReason;
import dev.popnet.core.time.Ticker;
import dev.popnet.edge.cluster.EdgeCluster;
import dev.popnet.edge.cluster.MissRoute;
import dev.popnet.edge.upstream.Origin;
import dev.popnet.edge.upstream.Upstream;
import dev.popnet.edge.upstream.UpstreamException;
import dev.popnet.edge.upstream.UpstreamRequest;
import dev.popnet.edge.upstream.UpstreamResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The caching reverse proxy for GET and HEAD: serve from the store when RFC 9111 allows, revalidate when
 * it asks for it, otherwise fetch once per key (concurrent misses wait for that fetch's outcome),
 * streaming the body to the client while storing it. A HEAD that misses is filled with a GET, as nginx
 * does, so HEAD-only checks see hits. A GET or HEAD body has no defined meaning and is not in the key
 * (RFC 9110 §9.3.1): it is read and dropped, never forwarded. Other methods go to {@link PassThrough}.
 */
final class EdgeProxy {
    private final Vertx vertx;
    private final EdgeConfig config;
    private final Ticker ticker;
    private final EdgeStore store;
    private final EdgeStats stats;
    private final Relay relay;
    private final PassThrough passThrough;
    private final Coalescer<String, Relay.Outcome> coalescer = new Coalescer<>();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    /** Set once the node has joined its PoP: misses then go to the key's owner or the parent PoP. */
    volatile EdgeCluster cluster;
    private final Map<String, Upstream> peers = new ConcurrentHashMap<>();

    EdgeProxy(Vertx vertx, EdgeConfig config, Ticker ticker, EdgeStore store, EdgeStats stats, PassThrough passThrough) {
        this.vertx = vertx;
        this.config = config;
        this.ticker = ticker;
        this.store = store;
        this.stats = stats;
        this.relay = new Relay(config, ticker, store, stats);
        this.passThrough = passThrough;
    }

    void handle(ClientRequest request) {
        long start = System.nanoTime();
        StoredObject stored = store.lookup(request.key(), request.headers());
        if (stored != null) {
            fromStore(request, stored, start);
        } else if (CacheControl.parse(request.headers().list("Cache-Control")).has("only-if-cached")) {
            stats.rejected.increment();
            Responses.error(request.http().response(), 504, "not in cache and only-if-cached was asked (RFC 9111 §5.2.1.7)", config.node());
        } else if (request.headers().get("Range") != null) {
            passThrough.forward(request, null); // a part is not the object: the origin answers it, the next plain GET stores it
        } else {
            missCoalesced(request, start);
        }
    }

    private void fromStore(ClientRequest request, StoredObject o, long start) {
        long age = o.ageSeconds(ticker.millis());
        long lifetime = o.lifetimeSeconds();
        switch (CacheRules.use(request.headers(), o.directives(), age, lifetime)) {
            case FRESH -> serveStored(request, o, CacheStatus.HIT, 0, null, start);
            case STALE_ACCEPTED -> serveStored(request, o, CacheStatus.STALE, 0, null, start);
            case STALE_WHILE_REVALIDATE -> {
                serveStored(request, o, CacheStatus.STALE, 0, null, start);
                refreshInBackground(request, o);
            }
            default -> revalidate(request, o, start);
        }
    }

    private void serveStored(ClientRequest request, StoredObject o, CacheStatus status, int fwdStatus, String detail, long start) {
        long now = ticker.millis();
        long age = o.ageSeconds(now);
        long sent = Responses.fromStore(request.http(), o, status, age, o.lifetimeSeconds() - age, fwdStatus, config.node(), now, detail);
        stats.served(status, sent, System.nanoTime() - start);
    }

    /** §4.3.1: ask the origin whether the stored response is still good, with the headers that selected it. */
    private void revalidate(ClientRequest request, StoredObject o, long start) {
        stats.revalidations.increment();
        MultiMap headers = Hop.toOrigin(request.http().headers(), request.origin().authority(), remote(request), config.node(), true);
        conditional(headers, o);
        long sentAt = ticker.millis();
        long fetchStart = System.nanoTime();
        stats.originFetches.increment();
        request.origin().send(UpstreamRequest.of(HttpMethod.GET, request.target().value(), headers).withEarlyHints(h -> earlyHints(request, h)))
                .onComplete(ar -> {
                    stats.upstreamFetched(request, System.nanoTime() - fetchStart);
                    if (ar.failed()) {
                        stats.originErrors.increment();
                        staleOrError(request, o, start, ar.cause(), 0);
                        return;
                    }
                    UpstreamResponse resp = ar.result();
                    if (resp.status() == 304) {
                        resp.discard();
                        StoredObject fresh = freshened(o, resp, sentAt);
                        store.put(fresh);
                        serveStored(request, fresh, CacheStatus.REVALIDATED, 304, null, start);
                    } else if (resp.status() >= 500 && CacheRules.staleIfError(request.headers(), o.headers(), o.ageSeconds(ticker.millis()),
                            o.lifetimeSeconds())) {
                        resp.discard();
                        stats.originErrors.increment();
                        serveStored(request, o, CacheStatus.STALE, resp.status(), null, start);
                    } else {
                        relay.streamAndStore(request, resp, CacheStatus.EXPIRED, sentAt, start, true);
                    }
                });
    }

    private StoredObject freshened(StoredObject o, UpstreamResponse notModified, long sentAt) {
        HeaderList update = Hop.forStore(Hop.fromOrigin(notModified.headers()));
        return o.freshened(o.headers().freshenedBy(update), sentAt, ticker.millis(), config.heuristicCap().toSeconds());
    }

    private static void conditional(MultiMap headers, StoredObject o) {
        String etag = o.headers().get("ETag");
        String lastModified = o.headers().get("Last-Modified");
        if (etag != null) {
            headers.set("If-None-Match", etag);
        }
        if (lastModified != null) {
            headers.set("If-Modified-Since", lastModified);
        }
    }

    /**
     * The upstream failed: a stored response is served stale when RFC 5861 stale-if-error allows it, or
     * when the origin could not be reached at all and §4.2.4 allows it (within stale-if-unreachable);
     * otherwise 504 for a timeout, 502 for the rest.
     */
    private void staleOrError(ClientRequest request, StoredObject o, long start, Throwable cause, int fwdStatus) {
        if (o != null) {
            long age = o.ageSeconds(ticker.millis());
            if (CacheRules.staleIfError(request.headers(), o.headers(), age, o.lifetimeSeconds())) {
                serveStored(request, o, CacheStatus.STALE, fwdStatus, null, start);
                return;
            }
            boolean unreachable = cause instanceof UpstreamException u && u.disconnected();
            if (unreachable && !config.staleIfUnreachable().isZero() && CacheRules.staleIfUnreachable(request.headers(), o.headers(), age,
                    o.lifetimeSeconds(), config.staleIfUnreachable().toSeconds())) {
                serveStored(request, o, CacheStatus.STALE, 0, "origin-unreachable", start);
                return;
            }
        }
        Responses.upstreamError(request.http().response(), cause, config.node());
        stats.served(CacheStatus.BYPASS, 0, System.nanoTime() - start);
    }

    /**
     * N concurrent misses for one key make one upstream fetch; the others wait for its outcome (bounded by
     * the upstream's own timeouts, so never shorter than the fetch) and are served from the store, or
     * fetch themselves when it stored nothing, or share its failure.
     */
    private void missCoalesced(ClientRequest request, long start) {
        CompletableFuture<Relay.Outcome> result = new CompletableFuture<>();
        Coalescer.Join<Relay.Outcome> join = coalescer.join(request.key(), () -> result);
        if (join.leader()) {
            fetch(request, CacheStatus.MISS, start).onComplete(ar -> result.complete(ar.succeeded() ? ar.result() : new Relay.Outcome(null, ar.cause())));
            return;
        }
        stats.coalescedWaits.increment();
        Context context = vertx.getOrCreateContext();
        request.http().pause();
        long bound = config.originTimeout().toMillis() * 2 + config.originResponseTimeout().toMillis();
        join.future().orTimeout(bound, TimeUnit.MILLISECONDS).whenComplete((outcome, e) -> context.runOnContext(v -> {
            request.http().resume();
            StoredObject mine = store.lookup(request.key(), request.headers());
            if (mine != null) {
                serveStored(request, mine, CacheStatus.COLLAPSED, mine.status(), null, start);
            } else if (outcome != null && outcome.failure() != null) {
                Responses.upstreamError(request.http().response(), outcome.failure(), config.node());
                stats.served(CacheStatus.BYPASS, 0, System.nanoTime() - start);
            } else {
                fetch(request, CacheStatus.MISS, start); // not storable, another variant, or the leader was cut short
            }
        }));
    }

    private Future<Relay.Outcome> fetch(ClientRequest request, CacheStatus status, long start) {
        EdgeCluster pop = cluster;
        MissRoute route = pop == null ? null : pop.route(request.key(), fromPopPeer(request, pop));
        if (route == null || route.hop() == MissRoute.Hop.ORIGIN) {
            return fetchFrom(request.origin(), request, status, start, true, null);
        }
        Upstream upstream = peer(route.address());
        if (route.hop() == MissRoute.Hop.PARENT) {
            return fetchFrom(upstream, request, status, start, true, null);
        }
        stats.peerFetches.increment();
        // The owner is asked first; if it cannot answer (it died, it timed out) this node goes upstream itself.
        String parent = pop.membership().config().parent();
        return fetchFrom(upstream, request, status, start, route.storeLocally(), pop.membership().pop())
                .recover(e -> fetchFrom(parent.isEmpty() ? request.origin() : peer(parent), request, status, start, true, null));
    }

    private Upstream peer(String address) {
        return peers.computeIfAbsent(address, a -> new Upstream(vertx, a, EdgeServer.upstreamOptions(config)));
    }

    /**
     * The intra-PoP mark counts only from a member of this PoP: from anyone else it would make this node
     * skip the owner and fetch upstream, which is how a client could bypass the PoP's one fetch per key.
     */
    private static boolean fromPopPeer(ClientRequest request, EdgeCluster pop) {
        if (request.headers().get(MissRoute.INTRA_POP_HEADER) == null || request.http().remoteAddress() == null) {
            return false;
        }
        String ip = request.http().remoteAddress().hostAddress();
        return pop.membership().members().stream().anyMatch(m -> m.httpAddress().substring(0, m.httpAddress().lastIndexOf(':')).equals(ip));
    }

    /**
     * Fetches a miss (a GET, also for a HEAD) from the origin, the parent PoP or (with {@code intraPop},
     * the PoP name) the key's owner; fails only when the owner could not be reached, so the caller can
     * go upstream itself.
     */
    private Future<Relay.Outcome> fetchFrom(Origin upstream, ClientRequest request, CacheStatus status, long start, boolean keep,
            String intraPop) {
        MultiMap headers = Hop.toOrigin(request.http().headers(), upstream.authority(), remote(request), config.node(), true);
        if (upstream != request.origin() && !request.host().isEmpty()) {
            headers.set("Host", request.host()); // caches upstream key the object as the client named it
        }
        if (intraPop != null) {
            headers.set(MissRoute.INTRA_POP_HEADER, intraPop);
        }
        long sentAt = ticker.millis();
        long fetchStart = System.nanoTime();
        if (intraPop == null) {
            stats.originFetches.increment();
        }
        UpstreamRequest get = UpstreamRequest.of(HttpMethod.GET, request.target().value(), headers).withEarlyHints(h -> earlyHints(request, h));
        return upstream.send(get).transform(ar -> {
            stats.upstreamFetched(request, System.nanoTime() - fetchStart);
            if (ar.failed()) {
                if (intraPop != null) {
                    return Future.failedFuture(ar.cause());
                }
                stats.originErrors.increment();
                staleOrError(request, null, start, ar.cause(), 0);
                return Future.succeededFuture(new Relay.Outcome(null, ar.cause()));
            }
            return relay.streamAndStore(request, ar.result(), status, sentAt, start, keep);
        });
    }

    /** RFC 8297: 103 Early Hints go on to HTTP/1.1 clients before the final response. */
    static void earlyHints(ClientRequest request, HeaderList hints) {
        HttpServerResponse out = request.http().response();
        if (out.headWritten() || out.closed() || request.http().version() != HttpVersion.HTTP_1_1) {
            return;
        }
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (HeaderList.Field f : Hop.fromOrigin(hints).fields()) {
            m.add(f.name(), f.value());
        }
        out.writeEarlyHints(m);
    }

    Future<Void> closePeers() {
        return Future.all(peers.values().stream().map(Upstream::close).toList()).mapEmpty();
    }

    /**
     * RFC 5861 §3: one background refresh per key while stale content is being served, sent with the
     * headers of the request that found it stale (it selected this variant, so they select it again).
     */
    private void refreshInBackground(ClientRequest request, StoredObject o) {
        String key = request.key();
        if (!refreshing.add(key)) {
            return;
        }
        MultiMap headers = Hop.toOrigin(request.http().headers(), request.origin().authority(), remote(request), config.node(), true);
        conditional(headers, o);
        stats.revalidations.increment();
        stats.originFetches.increment();
        long sentAt = ticker.millis();
        request.origin().send(UpstreamRequest.of(HttpMethod.GET, request.target().value(), headers)).compose(resp -> {
            if (resp.status() == 304) {
                resp.discard();
                store.put(freshened(o, resp, sentAt));
                return Future.succeededFuture();
            }
            return collect(resp).map(body -> {
                HeaderList h = Hop.fromOrigin(resp.headers());
                String varyKey = CacheRules.varyKey(h.list("Vary"), request.headers());
                NoCacheReason why = CacheRules.storability("GET", request.headers(), resp.status(), h, body == null ? Long.MAX_VALUE : body.length(),
                        config.maxObjectSize());
                if (body != null && why == null && varyKey != null) {
                    store.put(StoredObject.of(key, varyKey, resp.status(), Hop.forStore(h), body, sentAt, ticker.millis(),
                            config.heuristicCap().toSeconds()));
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

    /** The whole body, or null (and the rest discarded) once it outgrows the object size limit. */
    private Future<Buffer> collect(UpstreamResponse resp) {
        Promise<Buffer> done = Promise.promise();
        Buffer body = Buffer.buffer();
        resp.handler(chunk -> {
            stats.bytesIn.add(chunk.length());
            if (body.length() + chunk.length() > config.maxObjectSize()) {
                resp.discard();
                done.tryComplete(null);
            } else {
                body.appendBuffer(chunk);
            }
        });
        resp.exceptionHandler(done::tryFail);
        resp.endHandler(v -> done.tryComplete(body));
        resp.resume();
        return done.future();
    }

    static String remote(ClientRequest r) {
        return r.http().remoteAddress() == null ? "unknown" : r.http().remoteAddress().hostAddress();
    }
}
