package dev.popnet.edge.upstream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream (an origin server, a parent PoP, the owner of a key in this PoP) reached over HTTP/1.1,
 * or HTTP/1.1 over TLS for an https:// URL (SNI, and the certificate verified against the system trust
 * store or a given CA for the server's name), with a pool of keep-alive connections: each event loop keeps its own idle connections (keyed by its thread,
 * as every request runs on a context of its own over the same loop), and all of them
 * together stay within {@code maxConnections}; requests beyond it wait (up to the timeout) for one.
 * A GET or HEAD that finds its reused connection already closed by the upstream is sent once more on
 * a fresh one, as idle keep-alive connections may be closed at any moment.
 */
public final class Upstream implements Origin {
    /** Idle connections are closed after this (origins commonly close theirs after 5 to 75 s). */
    private static final long KEEP_IDLE_MS = 15_000;

    /**
     * @param timeout         connect timeout, and longest silence while a response is awaited or arrives
     * @param responseTimeout longest time from the end of the request to the end of the response
     * @param maxConnections  connections open at once, over all event loops
     * @param caFile          PEM file of the CAs an https server's certificate must chain to; empty: the system trust store
     * @param serverName      the name sent in SNI and checked against an https server's certificate; empty: the URL's host
     */
    public record Options(Duration timeout, Duration responseTimeout, int maxConnections, String caFile, String serverName) {
        public Options(Duration timeout, Duration responseTimeout, int maxConnections) {
            this(timeout, responseTimeout, maxConnections, "", "");
        }
    }

    private record Waiter(Context context, Thread loop, UpstreamRequest request, Promise<UpstreamResponse> promise, long timer) {
    }

    private final Vertx vertx;
    private final NetClient client;
    private final String host;
    private final int port;
    private final String authority;
    private final String serverName;
    private final Options options;
    private final Map<Thread, ArrayDeque<UpstreamConnection>> idle = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean closing;

    public Upstream(Vertx vertx, String baseUrl, Options options) {
        URI uri = URI.create(baseUrl);
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int defaultPort = tls ? 443 : 80;
        this.vertx = vertx;
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        this.authority = port == defaultPort ? host : host + ":" + port;
        this.options = options;
        this.serverName = options.serverName().isEmpty() ? unbracketed(host) : options.serverName();
        NetClientOptions net = new NetClientOptions().setConnectTimeout((int) options.timeout().toMillis()).setTcpNoDelay(true);
        if (tls) {
            net.setSsl(true).setHostnameVerificationAlgorithm("HTTPS").setSslHandshakeTimeout(options.timeout().toMillis())
                    .setSslHandshakeTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
            if (!options.caFile().isEmpty()) {
                net.setTrustOptions(new PemTrustOptions().addCertPath(options.caFile()));
            }
        }
        this.client = vertx.createNetClient(net);
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** host[:port] as a Host header names it. */
    @Override
    public String authority() {
        return authority;
    }

    /** Requests in flight now: sent or waiting for a connection, and their responses not yet complete. */
    public int inFlight() {
        return busy.get();
    }

    long timeoutMillis() {
        return options.timeout().toMillis();
    }

    long responseTimeoutMillis() {
        return options.responseTimeout().toMillis();
    }

    /** Connections open now. */
    public int openConnections() {
        return open.get();
    }

    @Override
    public Future<UpstreamResponse> send(UpstreamRequest request) {
        if (closing) {
            return Future.failedFuture(new UpstreamException(UpstreamException.Kind.CONNECT, "shutting down"));
        }
        Promise<UpstreamResponse> promise = Promise.promise();
        busy.incrementAndGet();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable ended = () -> {
            if (done.compareAndSet(false, true)) {
                busy.decrementAndGet();
            }
        };
        promise.future().onComplete(ar -> {
            if (ar.failed()) {
                ended.run();
            } else {
                ar.result().whenDone(ended);
            }
        });
        Context current = Vertx.currentContext();
        if (current != null && current.isEventLoopContext()) {
            acquire(current, request, promise, true);
        } else {
            Context loop = vertx.getOrCreateContext();
            loop.runOnContext(v -> acquire(loop, request, promise, true));
        }
        return promise.future();
    }

    private void acquire(Context context, UpstreamRequest request, Promise<UpstreamResponse> promise, boolean mayReuse) {
        UpstreamConnection c = mayReuse ? pollIdle(context) : null;
        if (c != null) {
            run(c, request, promise);
        } else if (reserve()) {
            connect(context, request, promise);
        } else {
            long timer = vertx.setTimer(options.timeout().toMillis(), id -> expire(promise));
            waiters.add(new Waiter(context, Thread.currentThread(), request, promise, timer));
        }
    }

    private boolean reserve() {
        while (true) {
            int n = open.get();
            if (n >= options.maxConnections()) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    private void expire(Promise<UpstreamResponse> promise) {
        waiters.removeIf(w -> w.promise() == promise);
        promise.tryFail(new UpstreamException(UpstreamException.Kind.TIMEOUT,
                "all " + options.maxConnections() + " upstream connections stayed busy for " + options.timeout().toMillis() + " ms"));
    }

    private void connect(Context context, UpstreamRequest request, Promise<UpstreamResponse> promise) {
        client.connect(port, host, serverName).onComplete(ar -> {
            if (ar.failed()) {
                open.decrementAndGet();
                wakeWaiter();
                promise.tryFail(new UpstreamException(UpstreamException.Kind.CONNECT,
                        "cannot connect to " + authority() + ": " + ar.cause().getMessage()));
                return;
            }
            UpstreamConnection c = new UpstreamConnection(this, vertx, context, ar.result());
            run(c, request, promise);
        });
    }

    private void run(UpstreamConnection c, UpstreamRequest request, Promise<UpstreamResponse> promise) {
        Promise<UpstreamResponse> attempt = Promise.promise();
        attempt.future().onComplete(ar -> {
            if (ar.failed() && c.reused() && c.failedBeforeResponse() && request.retriable()) {
                acquire(c.context(), request, promise, false);
            } else {
                promise.handle(ar);
            }
        });
        c.exchange(request, attempt);
    }

    private UpstreamConnection pollIdle(Context context) {
        ArrayDeque<UpstreamConnection> q = idle.get(Thread.currentThread());
        if (q == null) {
            return null;
        }
        UpstreamConnection c;
        while ((c = q.pollLast()) != null) {
            if (!c.closed()) {
                return c;
            }
        }
        return null;
    }

    /** A connection finished an exchange cleanly: to a waiter on its event loop, else to the pool. */
    void release(UpstreamConnection c) {
        if (closing) {
            c.close();
            return;
        }
        for (Waiter w : waiters) {
            if (w.loop() == c.loop() && waiters.remove(w)) {
                vertx.cancelTimer(w.timer());
                run(c, w.request(), w.promise());
                return;
            }
        }
        if (!waiters.isEmpty()) {
            c.close(); // a waiter on another event loop gets the freed slot
            return;
        }
        idle.computeIfAbsent(c.loop(), k -> new ArrayDeque<>()).addLast(c);
        c.idle(KEEP_IDLE_MS);
    }

    void closed(UpstreamConnection c) {
        ArrayDeque<UpstreamConnection> q = idle.get(c.loop());
        if (q != null) {
            q.remove(c);
        }
        open.decrementAndGet();
        wakeWaiter();
    }

    private void wakeWaiter() {
        Waiter w = waiters.poll();
        if (w != null) {
            vertx.cancelTimer(w.timer());
            w.context().runOnContext(v -> acquire(w.context(), w.request(), w.promise(), true));
        }
    }

    @Override
    public Future<Void> close() {
        closing = true;
        idle.values().forEach(q -> new ArrayList<>(q).forEach(c -> c.context().runOnContext(v -> c.close())));
        return client.close();
    }
}
