package dev.popnet.edge;

import dev.popnet.core.config.ConfigLoader;
import dev.popnet.core.log.AccessLogEntry;
import dev.popnet.core.http.NoCacheReason;
import dev.popnet.core.time.Ticker;
import dev.popnet.edge.cluster.EdgeCluster;
import dev.popnet.edge.upstream.Upstream;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Logger;

/** An edge node: one HTTP server per event loop sharing the port, one store, one origin pool. */
public final class EdgeServer {
    private final Vertx vertx;
    private final EdgeConfig config;
    private final EdgeStore store;
    private final EdgeStats stats;
    private final Upstream origin;
    private final EdgeProxy proxy;
    private final PassThrough passThrough;
    private final PurgeEndpoint purge;
    private final ClientConnections connections;
    private final Set<String> ignoredParams;
    private final AtomicInteger port = new AtomicInteger();
    private final Consumer<AccessLogEntry> accessLog;
    private String deploymentId;
    private volatile EdgeCluster cluster;
    private volatile boolean draining;

    private EdgeServer(Vertx vertx, EdgeConfig config, Ticker ticker, Consumer<AccessLogEntry> accessLog) {
        this.vertx = vertx;
        this.accessLog = accessLog;
        this.config = config;
        this.store = new EdgeStore(config.policy(), config.capacity(), ticker);
        this.connections = new ClientConnections(vertx, config.client());
        this.stats = new EdgeStats(store, connections);
        this.origin = new Upstream(vertx, config.origin(), upstreamOptions(config));
        this.passThrough = new PassThrough(config, origin, store, stats);
        this.proxy = new EdgeProxy(vertx, config, ticker, store, stats, origin, passThrough);
        this.ignoredParams = new HashSet<>(config.ignoredParams());
        this.purge = new PurgeEndpoint(store, stats, config.purgeToken(), config.node(), ignoredParams, config.ignoreQuery());
    }

    static Upstream.Options upstreamOptions(EdgeConfig config) {
        return new Upstream.Options(config.originTimeout(), config.originResponseTimeout(), config.originMaxConnections());
    }

    public static Future<EdgeServer> start(Vertx vertx, EdgeConfig config) {
        return start(vertx, config, null);
    }

    /** @param accessLog receives a line for every request answered, or null for none */
    public static Future<EdgeServer> start(Vertx vertx, EdgeConfig config, Consumer<AccessLogEntry> accessLog) {
        EdgeServer server = new EdgeServer(vertx, config, Ticker.system(), accessLog);
        server.checkFileDescriptors();
        HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setMaxInitialLineLength(8192)
                .setMaxHeaderSize(16384).setCompressionSupported(false).setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) config.client().idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        // Negative: a random port shared by the servers asking for this same number (one per event loop).
        int listenPort = config.port() == 0 ? -1 - java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 30) : config.port();
        return vertx.deployVerticle(() -> server.new Listener(options, listenPort), new DeploymentOptions().setInstances(config.effectiveEventLoops()))
                .compose(id -> {
                    server.deploymentId = id;
                    return server.joinPop();
                });
    }

    /** Says so when the connection cap cannot be reached because the process runs out of file descriptors first. */
    private void checkFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long needed = (long) config.client().maxConnections() + config.originMaxConnections() + 256;
            if (unix.getMaxFileDescriptorCount() < needed) {
                Logger.getLogger("dev.popnet.edge").warning("the process may open " + unix.getMaxFileDescriptorCount()
                        + " files, fewer than client.max-connections + origin-max-connections need (" + needed
                        + "); raise the limit (LimitNOFILE, ulimit -n) or lower client.max-connections");
            }
        }
    }

    /** With {@code cluster.enabled}, joins the PoP advertising this node's HTTP address (known only now). */
    private Future<EdgeServer> joinPop() {
        if (!config.cluster().enabled()) {
            return Future.succeededFuture(this);
        }
        return EdgeCluster.start(vertx, config.cluster(), config.host() + ":" + port(), purge::purgeLocally,
                () -> stats.toMap(store, config.node())).map(c -> {
                    cluster = c;
                    proxy.cluster = c;
                    purge.cluster = c;
                    return this;
                });
    }

    /** This node's PoP, or null when it runs alone. */
    public EdgeCluster cluster() {
        return cluster;
    }

    private void route(HttpServerRequest request) {
        if (!connections.requestStarted(request)) {
            return;
        }
        UpstreamTime upstream = new UpstreamTime();
        if (accessLog != null) {
            logWhenAnswered(request, upstream);
        }
        try {
            ClientRequest r = ClientRequest.of(request, origin.authority(), ignoredParams, config.ignoreQuery(), upstream);
            String path = r.target().path();
            switch (path) {
                case "/health" -> request.response().setStatusCode(draining ? 503 : 200).putHeader("Content-Type", "text/plain")
                        .putHeader("Cache-Control", "no-store").end(draining ? "draining\n" : "ok\n");
                case "/stats" -> json(request, statsBody(request));
                case "/metrics" -> request.response().putHeader("Content-Type", "text/plain; version=0.0.4").end(stats.prometheus());
                case "/purge" -> purge.handle(request);
                default -> proxy(r);
            }
        } catch (ClientRequest.Rejected e) {
            stats.requests.increment();
            stats.rejected.increment();
            connections.doom(request); // after a malformed request the rest of the stream is not to be trusted
            Responses.error(request.response(), e.status, e.getMessage(), config.node());
        } catch (RuntimeException e) {
            Responses.error(request.response(), 500, "internal error: " + e, config.node());
        }
    }

    private void proxy(ClientRequest r) {
        HttpMethod method = r.method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            r.http().pause(); // the body waits until the upstream is ready for it
        }
        stats.requests.increment();
        for (String blocked : config.blockedPaths()) {
            if (r.target().path().startsWith(blocked)) {
                stats.rejected.increment();
                Responses.error(r.http().response(), 404, "not found", config.node());
                return;
            }
        }
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            proxy.handle(r);
        } else {
            passThrough.forward(r, NoCacheReason.METHOD);
        }
    }

    /** The request's access log line, once its response has ended; the cache status is the one this node sent. */
    private void logWhenAnswered(HttpServerRequest request, UpstreamTime upstream) {
        long arrived = System.nanoTime();
        long wall = System.currentTimeMillis();
        request.response().endHandler(v -> accessLog.accept(new AccessLogEntry(
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(), wall, request.method().name(),
                request.uri(), AccessLogEntry.protocolOf(request.version() == null ? null : request.version().alpnName()),
                request.response().getStatusCode(), request.response().bytesWritten(), request.getHeader("Referer"),
                request.getHeader("User-Agent"), request.authority() == null ? null : request.authority().toString(),
                request.response().headers().get("Cache-Status"), upstream.total(), System.nanoTime() - arrived)));
    }

    /** Where /metrics comes from: the edge's own meters, to which the command line adds JVM and process ones. */
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return stats.registry();
    }

    /** /stats: this node, with the live PoP membership; /stats?scope=pop: every member of the PoP. */
    private Map<String, Object> statsBody(HttpServerRequest request) {
        EdgeCluster pop = cluster;
        if (pop != null && "pop".equals(request.getParam("scope"))) {
            return pop.stats().popWide();
        }
        Map<String, Object> m = stats.toMap(store, config.node());
        if (pop != null) {
            m = new java.util.LinkedHashMap<>(m);
            m.put("pop", pop.stats().membership());
        }
        return m;
    }

    private void json(HttpServerRequest request, Map<String, Object> body) {
        try {
            request.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(ConfigLoader.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Responses.error(request.response(), 500, e.getMessage(), config.node());
        }
    }

    public int port() {
        return port.get();
    }

    public EdgeConfig config() {
        return config;
    }

    /** Bytes the store holds now (never above the configured capacity). */
    public long storedBytes() {
        return store.bytes();
    }

    /** The store, for tests that look at what it keeps. */
    EdgeStore store() {
        return store;
    }

    /** Checks the store's and the eviction policy's books; throws when they disagree. */
    public void checkInvariants() {
        store.checkInvariants();
    }

    /** From now on /health answers 503, so health checks (the DNS router's) send clients elsewhere; requests are still served. */
    public void drain() {
        draining = true;
    }

    public Future<Void> close() {
        EdgeCluster pop = cluster;
        cluster = null;
        Future<Void> leave = pop == null ? Future.succeededFuture() : pop.close(vertx);
        String id = deploymentId;
        deploymentId = null;
        return leave.compose(v -> id == null ? Future.succeededFuture() : vertx.undeploy(id))
                .compose(v -> proxy.closePeers()).compose(v -> origin.close());
    }

    private final class Listener extends VerticleBase {
        private final HttpServerOptions options;
        private final int listenPort;
        private HttpServer server;

        Listener(HttpServerOptions options, int listenPort) {
            this.options = options;
            this.listenPort = listenPort;
        }

        @Override
        public Future<?> start() {
            server = vertx.createHttpServer(options).connectionHandler(connections::opened).requestHandler(EdgeServer.this::route);
            return server.listen(listenPort, options.getHost()).onSuccess(s -> port.set(s.actualPort()));
        }

        @Override
        public Future<?> stop() {
            return server.shutdown(Duration.ofSeconds(5));
        }
    }
}
