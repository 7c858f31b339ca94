package dev.popnet.edge;

import dev.popnet.core.cache.decision.Answer;
import dev.popnet.core.cache.decision.Outcome;
import dev.popnet.core.cache.decision.RequestView;
import dev.popnet.core.cache.decision.Step;
import dev.popnet.core.http.CacheRules;
import dev.popnet.core.http.CacheStatus;
import dev.popnet.core.http.HeaderList;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The caching reverse proxy for GET and HEAD, as I/O around the node's decision machine
 * ({@link Decisions}): it looks the request up in the store, asks the machine what to do (serve, fetch,
 * revalidate, wait for another's fetch of the key, pass), does it, and hands the upstream's answer back to
 * the machine, which says what to store and how the request and those waiting for it are answered. The
 * body streams to the client while it is stored. A HEAD or conditional miss is filled with a GET, as
 * nginx does, so HEAD-only checks see hits. A GET or HEAD body has no defined meaning and is not in the
 * key (RFC 9110 §9.3.1): it is read and dropped, never forwarded. Other methods go to {@link PassThrough}.
 */
final class EdgeProxy {
    /** A request that may wait for another's fetch of its key, and where it resumes. */
    static final class Waiter {
        final ClientRequest request;
        final RequestView view;
        final long start;
        final Context context;
        final AtomicBoolean resumed = new AtomicBoolean();
        long timer = -1;

        Waiter(ClientRequest request, RequestView view, long start, Context context) {
            this.request = request;
            this.view = view;
            this.start = start;
            this.context = context;
        }
    }

    private final Vertx vertx;
    private final EdgeConfig config;
    private final EdgeStore store;
    private final EdgeStats stats;
    private final Decisions decisions;
    private final Relay relay;
    private final PassThrough passThrough;
    /** Set once the node has joined its PoP: misses then go to the key's owner or the parent PoP. */
    volatile EdgeCluster cluster;
    private final Map<String, Upstream> peers = new ConcurrentHashMap<>();

    EdgeProxy(Vertx vertx, EdgeConfig config, EdgeStore store, EdgeStats stats, PassThrough passThrough) {
        this.vertx = vertx;
        this.config = config;
        this.store = store;
        this.stats = stats;
        this.decisions = passThrough.decisions();
        this.relay = new Relay(config, store, stats);
        this.passThrough = passThrough;
    }

    void handle(ClientRequest request) {
        long start = System.nanoTime();
        lookup(request, stored -> decide(request, stored, start));
    }

    /**
     * The stored object for the request, to {@code then}: a memory hit (or a miss the disk tier does not
     * index) at once, on this event loop; a disk read on the disk tier's readers, the request paused
     * meanwhile, so no event loop waits on the disk.
     */
    private void lookup(ClientRequest request, Consumer<StoredObject> then) {
        StoredObject o = store.inMemory(request.key(), request.headers());
        if (o != null || !store.onDisk(request.key())) {
            then.accept(o);
            return;
        }
        request.http().pause();
        store.fromDisk(request.key(), request.headers()).onComplete(ar -> {
            request.http().resume();
            then.accept(ar.result());
        });
    }

    private void decide(ClientRequest request, StoredObject stored, long start) {
        RequestView view = RequestView.filling(request.method().name(), request.headers());
        Waiter me = new Waiter(request, view, start, Vertx.currentContext());
        Step<String, Waiter> step = decisions.request(request.key(), view, stored, me);
        switch (step.kind()) {
            case SERVE -> {
                serveStored(request, stored, step.status(), 0, null, start);
                if (step.refresh() != null) {
                    refreshInBackground(request, stored, step.refresh());
                }
            }
            case REJECT -> {
                stats.rejected.increment();
                Responses.error(request.http().response(), 504, "no usable stored response and only-if-cached was asked (RFC 9111 §5.2.1.7)",
                        config.node());
            }
            case PASS -> passThrough.forward(request, null, step); // a part is not the object: the origin answers it, the next plain GET stores it
            case WAIT -> await(me);
            default -> upstream(request, stored, step, start);
        }
    }

    private void serveStored(ClientRequest request, StoredObject o, CacheStatus status, int fwdStatus, String detail, long start) {
        long now = decisions.now();
        long age = o.ageSeconds(now);
        long sent = Responses.fromStore(request.http(), o, status, age, o.lifetimeSeconds() - age, fwdStatus, config.node(), now, detail);
        stats.served(status, sent, System.nanoTime() - start);
    }

    /**
     * Another request is fetching this key: wait for its outcome, bounded by the upstream's own timeouts
     * (so never shorter than the fetch), then fetch alone.
     */
    private void await(Waiter me) {
        stats.coalescedWaits.increment();
        me.request.http().pause();
        long bound = config.originTimeout().toMillis() * 2 + config.originResponseTimeout().toMillis();
        me.timer = vertx.setTimer(bound, id -> {
            if (me.resumed.compareAndSet(false, true)) {
                me.request.http().resume();
                upstream(me.request, null, decisions.alone(me.request.key(), me.view), me.start);
            }
        });
    }

    /** The machine's word for the requests that waited on {@code step}: each resumes on its own event loop. */
    private void release(Step<String, Waiter> step, Outcome<String, Waiter> outcome, Throwable failure) {
        for (Outcome.Waiter<String, Waiter> w : decisions.release(step, outcome)) {
            Waiter who = w.who();
            if (who.resumed.compareAndSet(false, true)) {
                who.context.runOnContext(v -> resume(who, w, failure));
            }
        }
    }

    private void resume(Waiter who, Outcome.Waiter<String, Waiter> w, Throwable failure) {
        vertx.cancelTimer(who.timer);
        ClientRequest request = who.request;
        request.http().resume();
        if (w.status() == CacheStatus.BYPASS) {
            upstreamError(request, failure, who.start);
            return;
        }
        Consumer<StoredObject> answer = mine -> {
            if (mine != null) {
                serveStored(request, mine, w.status(), w.status() == CacheStatus.STALE ? 0 : mine.status(), null, who.start);
            } else {
                // not storable, another variant, or not stored after all: this one asks on its own
                upstream(request, null, w.alone() != null ? w.alone() : decisions.alone(request.key(), who.view), who.start);
            }
        };
        if (w.status() == CacheStatus.MISS) {
            answer.accept(null);
        } else {
            lookup(request, answer);
        }
    }

    private void upstreamError(ClientRequest request, Throwable failure, long start) {
        if (failure != null) {
            Responses.upstreamError(request.http().response(), failure, config.node());
        } else {
            Responses.error(request.http().response(), 502, "origin answered nothing usable", config.node());
        }
        stats.served(CacheStatus.BYPASS, 0, System.nanoTime() - start);
    }

    /** Sends a FETCH (to the key's owner, the parent PoP or the origin) or a REVALIDATE (§4.3.1, to the origin). */
    private void upstream(ClientRequest request, StoredObject stored, Step<String, Waiter> step, long start) {
        if (step.kind() == Step.Kind.REVALIDATE) {
            stats.revalidations.increment();
            Runnable letGo = store.holdUntilDone(stored);
            fetchFrom(request.origin(), request, stored, step, start, true, null).onComplete(done -> letGo.run());
            return;
        }
        EdgeCluster pop = cluster;
        MissRoute route = pop == null ? null : pop.route(request.key(), fromPopPeer(request, pop));
        if (route == null || route.hop() == MissRoute.Hop.ORIGIN) {
            fetchFrom(request.origin(), request, null, step, start, true, null);
            return;
        }
        Upstream upstream = peer(route.address());
        if (route.hop() == MissRoute.Hop.PARENT) {
            fetchFrom(upstream, request, null, step, start, true, null);
            return;
        }
        stats.peerFetches.increment();
        // The owner is asked first; if it cannot answer (it died, it timed out) this node goes upstream itself.
        String parent = pop.membership().config().parent();
        fetchFrom(upstream, request, null, step, start, route.storeLocally(), pop.membership().pop())
                .recover(e -> fetchFrom(parent.isEmpty() ? request.origin() : peer(parent), request, null, step, start, true, null));
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
     * Sends a step's GET (conditional for a REVALIDATE of {@code stored}) to the origin, the parent PoP or
     * (with {@code intraPop}, the PoP name) the key's owner, and carries out what the machine makes of
     * the answer; fails only when the owner could not be reached, so the caller can go upstream itself.
     */
    private Future<Void> fetchFrom(Origin upstream, ClientRequest request, StoredObject stored, Step<String, Waiter> step, long start,
            boolean keep, String intraPop) {
        MultiMap headers = Hop.toOrigin(request.http().headers(), upstream.authority(), remote(request), config.node(), true);
        if (upstream != request.origin() && !request.host().isEmpty()) {
            headers.set("Host", request.host()); // caches upstream key the object as the client named it
        }
        if (intraPop != null) {
            headers.set(MissRoute.INTRA_POP_HEADER, intraPop);
        }
        if (stored != null) {
            conditional(headers, stored);
        }
        long sentAt = decisions.now();
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
                failed(request, stored, step, ar.cause(), sentAt, start);
                return Future.succeededFuture();
            }
            return answered(request, stored, step, ar.result(), sentAt, start, keep);
        });
    }

    /** No answer: the stored response stands in when RFC 5861 stale-if-error or §4.2.4 allows, else 504 for a timeout, 502 for the rest. */
    private void failed(ClientRequest request, StoredObject stored, Step<String, Waiter> step, Throwable cause, long sentAt, long start) {
        Outcome<String, Waiter> outcome = decisions.answered(step, failure(cause), sentAt);
        if (outcome.status() == CacheStatus.STALE) {
            serveStored(request, stored, CacheStatus.STALE, 0, outcome.unreachable() ? "origin-unreachable" : null, start);
        } else {
            upstreamError(request, cause, start);
        }
        release(step, outcome, cause);
    }

    static Answer.Failed failure(Throwable cause) {
        UpstreamException u = cause instanceof UpstreamException e ? e : null;
        return new Answer.Failed(u != null && u.kind() == UpstreamException.Kind.TIMEOUT, u != null && u.disconnected());
    }

    private Future<Void> answered(ClientRequest request, StoredObject stored, Step<String, Waiter> step, UpstreamResponse resp, long sentAt,
            long start, boolean keep) {
        HeaderList received = Hop.fromOrigin(resp.headers());
        if (resp.status() == 304 && step.kind() == Step.Kind.REVALIDATE) {
            resp.discard();
            Outcome<String, Waiter> outcome = decisions.answered(step, new Answer.NotModified(Hop.forStore(received), received), sentAt);
            StoredObject fresh = freshened(stored, outcome);
            if (fresh == null) {
                Responses.error(request.http().response(), 503, "the stored response was evicted while this request waited for the origin; retry",
                        config.node());
                stats.served(CacheStatus.REVALIDATED, 0, System.nanoTime() - start);
            } else {
                store.put(fresh);
                serveStored(request, fresh, CacheStatus.REVALIDATED, 304, null, start);
            }
            release(step, outcome, null);
            return Future.succeededFuture();
        }
        HeaderList headers = Relay.withDate(received, decisions.now());
        Outcome<String, Waiter> outcome = decisions.answered(step, full(resp.status(), headers, Math.max(0, resp.contentLength())), sentAt);
        if (outcome.status() == CacheStatus.STALE) { // a 5xx, and stale-if-error lets the stored response stand in
            resp.discard();
            stats.originErrors.increment();
            serveStored(request, stored, CacheStatus.STALE, resp.status(), null, start);
            release(step, outcome, null);
            return Future.succeededFuture();
        }
        return relay.streamAndStore(request, resp, headers, outcome, start, keep).map(kept -> {
            if (outcome.drop() && !kept) {
                store.purgeKey(request.key()); // superseded by an answer that may not be stored
            }
            release(step, outcome, null);
            return null;
        });
    }

    private Answer.Full full(int status, HeaderList headers, long size) {
        return new Answer.Full(decisions.head(status, headers), headers, size, 0);
    }

    /** §4.3.4: the stored body with the headers and times the machine freshened; null when the body is gone meanwhile. */
    private StoredObject freshened(StoredObject o, Outcome<String, Waiter> outcome) {
        return o.freshened(outcome.store().head().headers(), outcome.store().requestTime(), outcome.store().responseTime(),
                config.heuristicCap().toSeconds());
    }

    private static void conditional(MultiMap headers, StoredObject o) {
        HeaderList stored = o.headers();
        String etag = stored.get("ETag");
        String lastModified = stored.get("Last-Modified");
        if (etag != null) {
            headers.set("If-None-Match", etag);
        }
        if (lastModified != null) {
            headers.set("If-Modified-Since", lastModified);
        }
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
     * RFC 5861 §3: the background refresh the machine started while stale content is served (one per
     * key), sent with the headers of the request that found it stale (they selected this variant, so
     * they select it again).
     */
    private void refreshInBackground(ClientRequest request, StoredObject o, Step<String, Waiter> step) {
        Runnable letGo = store.holdUntilDone(o);
        MultiMap headers = Hop.toOrigin(request.http().headers(), request.origin().authority(), remote(request), config.node(), true);
        conditional(headers, o);
        stats.revalidations.increment();
        stats.originFetches.increment();
        long sentAt = decisions.now();
        request.origin().send(UpstreamRequest.of(HttpMethod.GET, request.target().value(), headers)).compose(resp -> {
            HeaderList received = Hop.fromOrigin(resp.headers());
            if (resp.status() == 304) {
                resp.discard();
                Outcome<String, Waiter> outcome = decisions.answered(step, new Answer.NotModified(Hop.forStore(received), received), sentAt);
                StoredObject fresh = freshened(o, outcome);
                if (fresh != null) {
                    store.put(fresh);
                }
                return Future.succeededFuture(outcome);
            }
            return collect(resp).map(body -> {
                HeaderList h = Relay.withDate(received, decisions.now());
                Outcome<String, Waiter> outcome = decisions.answered(step, full(resp.status(), h, body == null ? Long.MAX_VALUE : body.length()),
                        sentAt);
                String varyKey = CacheRules.varyKey(h.list("Vary"), request.headers());
                if (body != null && outcome.store() != null && varyKey != null) {
                    store.put(StoredObject.of(request.key(), varyKey, resp.status(), Hop.forStore(h), body, sentAt, outcome.store().responseTime(),
                            config.heuristicCap().toSeconds()));
                }
                return outcome;
            });
        }).onComplete(ar -> {
            if (ar.failed()) {
                stats.originErrors.increment();
                release(step, decisions.answered(step, failure(ar.cause()), sentAt), ar.cause());
            } else {
                release(step, ar.result(), null);
            }
            letGo.run(); // the machine has read the stored head for the last time
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
