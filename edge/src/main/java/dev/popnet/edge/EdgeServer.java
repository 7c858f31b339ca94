package dev.popnet.edge;

import dev.popnet.core.config.ConfigException;
import dev.popnet.core.config.ConfigLoader;
import dev.popnet.core.log.AccessLogEntry;
import dev.popnet.core.http.NoCacheReason;
import dev.popnet.core.time.Ticker;
import dev.popnet.edge.cluster.EdgeCluster;
import dev.popnet.edge.upstream.Upstream;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * An edge node: per event loop, an HTTP server on the plain port and (with TLS) one on the HTTPS port,
 * all sharing one store. What a reload may change (sites, pools, certificates, client limits, tokens)
 * lives in one snapshot swapped whole, so a request sees the old settings or the new, never a mix; the
 * store and open connections stay.
 */
public final class EdgeServer {
    private static final Logger LOG = Logger.getLogger("dev.popnet.edge");

    /** What a reload replaces: the config it came from, and its sites with their pools. */
    private record Live(EdgeConfig config, Sites sites, ServerTls tls) {
    }

    private final Vertx vertx;
    private final EdgeConfig started;
    private final Ticker ticker;
    private final EdgeStore store;
    private final EdgeStats stats;
    private final EdgeProxy proxy;
    private final PassThrough passThrough;
    private final PurgeEndpoint purge;
    private final ClientConnections connections;
    private final AtomicInteger port = new AtomicInteger();
    private final AtomicInteger httpsPort = new AtomicInteger();
    private final List<HttpServer> tlsServers = new CopyOnWriteArrayList<>();
    private final Consumer<AccessLogEntry> accessLog;
    private volatile Live live;
    private volatile Callable<EdgeConfig> reloadSource;
    private String deploymentId;
    private long watchTimer = -1;
    private volatile EdgeCluster cluster;
    private volatile boolean draining;
    private Runnable metersOnFirstScrape;
    private Future<Void> metersBound = Future.succeededFuture();

    private EdgeServer(Vertx vertx, EdgeConfig config, Ticker ticker, Consumer<AccessLogEntry> accessLog) {
        this.vertx = vertx;
        this.accessLog = accessLog;
        this.started = config;
        this.ticker = ticker;
        this.store = new EdgeStore(config, ticker);
        this.connections = new ClientConnections(vertx, config.client());
        this.stats = new EdgeStats(store, connections, vertx.isNativeTransportEnabled() ? "epoll" : "nio");
        this.passThrough = new PassThrough(config, store, stats, new Decisions(config, ticker));
        this.proxy = new EdgeProxy(vertx, config, store, stats, passThrough);
        this.purge = new PurgeEndpoint(store, stats, () -> live.config().purgeToken(), config.node(), () -> live.sites());
    }

    /**
     * How an edge process runs Vert.x: its event loops, on Netty's native epoll transport where it loads (else NIO).
     * The edge reads files only by their paths (certificates, the disk tier): no class-path lookup of them and no
     * cache folder of class-path files, whose set-up was a tenth of creating Vert.x.
     */
    public static VertxOptions vertxOptions(EdgeConfig config) {
        return new VertxOptions().setEventLoopPoolSize(config.effectiveEventLoops()).setPreferNativeTransport(true)
                .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false).setFileCachingEnabled(false));
    }

    /**
     * Sets up, on the calling thread, what an edge's start needs whatever its settings, in the order the start
     * needs it: Netty's native transport (its library loaded and linked), the metrics registry's classes, and
     * the JVM's operating-system bean (the file-descriptor check). Run on another thread while the command
     * line is read and the config bound, it takes that class loading and initialising off the start's path.
     */
    public static void prepare() {
        io.netty.channel.epoll.Epoll.isAvailable();
        new LatencyMetric(new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT),
                "popnet.edge.prepare", "").recordNanos(1);
        ManagementFactory.getOperatingSystemMXBean();
    }

    static Upstream.Options upstreamOptions(EdgeConfig config) {
        return new Upstream.Options(config.originTimeout(), config.originResponseTimeout(), config.originMaxConnections());
    }

    public static Future<EdgeServer> start(Vertx vertx, EdgeConfig config) {
        return start(vertx, config, null);
    }

    /**
     * Checks what the config names outside itself (certificate and key files, CA files) as a start or
     * reload would; throws a {@link ConfigException} naming the bad file.
     */
    public static void check(Vertx vertx, EdgeConfig config) {
        if (config.tls().enabled()) {
            ServerTls.load(vertx, config);
            ServerTls.engine(config.tls());
        }
        config.pools().forEach((name, pool) -> {
            if (!pool.caFile().isEmpty() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(pool.caFile()))) {
                throw new ConfigException("pools", name + ".ca-file", "cannot read " + pool.caFile());
            }
        });
    }

    /** @param accessLog receives a line for every request answered, or null for none */
    public static Future<EdgeServer> start(Vertx vertx, EdgeConfig config, Consumer<AccessLogEntry> accessLog) {
        return start(vertx, config, accessLog, Ticker.system());
    }

    /** @param ticker the node's clock: every cache decision's "now" */
    public static Future<EdgeServer> start(Vertx vertx, EdgeConfig config, Consumer<AccessLogEntry> accessLog, Ticker ticker) {
        ServerTls tls;
        try {
            check(vertx, config);
            tls = config.tls().enabled() ? ServerTls.load(vertx, config) : null;
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        EdgeServer server = new EdgeServer(vertx, config, ticker, accessLog);
        server.live = new Live(config, Sites.build(vertx, config, server.ticker, null), tls);
        server.checkFileDescriptors();
        LOG.info(String.format("memory tier: %,d bytes in direct memory (limit %,d), Java heap at most %,d; %s transport", config.capacity(),
                dev.popnet.edge.store.OffHeap.maxDirectMemory(), Runtime.getRuntime().maxMemory(),
                vertx.isNativeTransportEnabled() ? "native epoll" : "NIO"));
        HttpServerOptions plain = serverOptions(config).setHttp2ClearTextEnabled(config.h2c());
        HttpServerOptions secure = tls == null ? null : tls.applyTo(serverOptions(config)).setSslEngineOptions(ServerTls.engine(config.tls()));
        int plainPort = listenPort(config.port());
        int securePort = listenPort(config.tls().port());
        return vertx.deployVerticle(() -> server.new Listener(plain, plainPort, secure, securePort),
                new DeploymentOptions().setInstances(config.effectiveEventLoops()))
                .compose(id -> {
                    server.deploymentId = id;
                    server.watchCertificates();
                    return server.joinPop();
                }).onFailure(e -> server.live.sites().close());
    }

    /**
     * The edge serves no WebSocket: without the per-frame and per-message compression options Vert.x puts no
     * WebSocket extension handler in every connection's pipeline, where it looked at each request's and response's
     * headers for an upgrade.
     */
    private static HttpServerOptions serverOptions(EdgeConfig config) {
        return new HttpServerOptions().setHost(config.host()).setMaxInitialLineLength(8192).setMaxHeaderSize(16384)
                .setCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false).setPerMessageWebSocketCompressionSupported(false)
                .setInitialSettings(new Http2Settings().setMaxHeaderListSize(16384))
                .setIdleTimeout((int) config.client().idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }

    /** Negative: a random port shared by the servers asking for this same number (one per event loop). */
    private static int listenPort(int configured) {
        return configured == 0 ? -1 - java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 30) : configured;
    }

    /** Says so when the connection cap cannot be reached because the process runs out of file descriptors first. */
    private void checkFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long needed = (long) started.client().maxConnections() + started.originMaxConnections() + 256;
            if (unix.getMaxFileDescriptorCount() < needed) {
                LOG.warning("the process may open " + unix.getMaxFileDescriptorCount()
                        + " files, fewer than client.max-connections + origin-max-connections need (" + needed
                        + "); raise the limit (LimitNOFILE, ulimit -n) or lower client.max-connections");
            }
        }
    }

    /** With {@code cluster.enabled}, joins the PoP advertising this node's HTTP address (known only now). */
    private Future<EdgeServer> joinPop() {
        if (!started.cluster().enabled()) {
            return Future.succeededFuture(this);
        }
        return EdgeCluster.start(vertx, started.cluster(), started.cluster().httpHost(started.host()) + ":" + port(), purge::purgeLocally,
                () -> stats.toMap(store, started.node())).map(c -> {
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
        Live now = live;
        try {
            ClientRequest r = ClientRequest.of(request, now.sites(), upstream);
            String path = r.target().path();
            switch (path) {
                case "/health" -> request.response().setStatusCode(draining ? 503 : 200).putHeader("Content-Type", "text/plain")
                        .putHeader("Cache-Control", "no-store").end(draining ? "draining\n" : "ok\n");
                case "/stats" -> json(request, 200, statsBody(request, now));
                case "/metrics" -> metersBound().onComplete(ar -> request.response().putHeader("Content-Type", "text/plain; version=0.0.4")
                        .end(stats.prometheus()));
                case "/purge" -> purge.handle(request, r.site());
                case "/admin/reload" -> reloadRequest(request, now.config());
                default -> proxy(r, now.config());
            }
        } catch (ClientRequest.Rejected e) {
            stats.requests.increment();
            stats.rejected.increment();
            connections.doom(request); // after a malformed request the rest of the stream is not to be trusted
            Responses.error(request.response(), e.status, e.getMessage(), started.node());
        } catch (RuntimeException e) {
            Responses.error(request.response(), 500, "internal error: " + e, started.node());
        }
    }

    private void proxy(ClientRequest r, EdgeConfig config) {
        HttpMethod method = r.method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            r.http().pause(); // the body waits until the upstream is ready for it
        }
        stats.requests.increment();
        if (r.site() == null) {
            stats.rejected.increment(); // never to a default origin: that would serve any name pointed at this node
            Responses.error(r.http().response(), 421, "no site here serves " + (r.host().isEmpty() ? "requests without a Host" : r.host()),
                    started.node());
            return;
        }
        for (String blocked : config.blockedPaths()) {
            if (r.target().path().startsWith(blocked)) {
                stats.rejected.increment();
                Responses.error(r.http().response(), 404, "not found", started.node());
                return;
            }
        }
        if (r.site().config.httpsRedirect() && !r.http().isSSL() && httpsPort() > 0) {
            stats.rejected.increment();
            int p = httpsPort();
            String location = "https://" + Sites.withoutPort(r.host()) + (p == 443 ? "" : ":" + p) + r.target().value();
            boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD;
            r.http().response().setStatusCode(safe ? 301 : 308).putHeader("Location", location).putHeader("Content-Length", "0").end();
            return;
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

    /**
     * Adds meters (the JVM's and the process's) on a worker thread just before /metrics is first answered:
     * binding them was about a tenth of the edge's main thread's start-up, and nothing reads them before.
     */
    public synchronized void addMetersOnFirstScrape(Runnable bind) {
        metersOnFirstScrape = bind;
    }

    private synchronized Future<Void> metersBound() {
        Runnable bind = metersOnFirstScrape;
        if (bind != null) {
            metersOnFirstScrape = null;
            metersBound = vertx.executeBlocking(() -> {
                bind.run();
                return null;
            }, false);
        }
        return metersBound;
    }

    /** /stats: this node, with its pools and the live PoP membership; /stats?scope=pop: every member of the PoP. */
    private Map<String, Object> statsBody(HttpServerRequest request, Live now) {
        EdgeCluster pop = cluster;
        if (pop != null && "pop".equals(request.getParam("scope"))) {
            return pop.stats().popWide();
        }
        Map<String, Object> m = new LinkedHashMap<>(stats.toMap(store, started.node()));
        m.put("pools", now.sites().poolStats());
        if (pop != null) {
            m.put("pop", pop.stats().membership());
        }
        return m;
    }

    private void json(HttpServerRequest request, int status, Map<String, Object> body) {
        try {
            request.response().setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(ConfigLoader.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Responses.error(request.response(), 500, e.getMessage(), started.node());
        }
    }

    /** Where a reload reads its settings again (the file, the environment, the flags): for SIGHUP and POST /admin/reload. */
    public void reloadFrom(Callable<EdgeConfig> source) {
        this.reloadSource = source;
    }

    /** {@code POST /admin/reload} with {@code Authorization: Bearer <reload-token>}; refused while no token is configured. */
    private void reloadRequest(HttpServerRequest request, EdgeConfig config) {
        String token = config.reloadToken();
        Callable<EdgeConfig> source = reloadSource;
        if (request.method() != HttpMethod.POST) {
            request.response().putHeader("Allow", "POST");
            json(request, 405, Map.of("error", "reload takes POST"));
        } else if (token == null) {
            json(request, 403, Map.of("error", "reloads over HTTP are off: set reload-token (SIGHUP still reloads)"));
        } else if (!authorized(request.getHeader("Authorization"), token)) {
            request.response().putHeader("WWW-Authenticate", "Bearer");
            json(request, 401, Map.of("error", "reload needs Authorization: Bearer <reload-token>"));
        } else if (source == null) {
            json(request, 409, Map.of("error", "this edge was started without settings to read again"));
        } else {
            vertx.executeBlocking(source::call, false).compose(this::reload).onComplete(ar -> json(request, ar.succeeded() ? 200 : 400,
                    ar.succeeded() ? Map.of("reloaded", true) : Map.of("error", String.valueOf(ar.cause().getMessage()))));
        }
    }

    private static boolean authorized(String header, String token) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        return header != null && MessageDigest.isEqual(header.strip().getBytes(StandardCharsets.UTF_8), expected);
    }

    /** Reads the settings again from the reload source (SIGHUP); the outcome is logged either way. */
    public Future<Void> reload() {
        Callable<EdgeConfig> source = reloadSource;
        if (source == null) {
            return Future.failedFuture(new IllegalStateException("this edge was started without settings to read again"));
        }
        return vertx.executeBlocking(source::call, false)
                .onFailure(e -> LOG.warning("reload refused, the old settings stay: " + e.getMessage())).compose(this::reload);
    }

    /**
     * Applies new settings without a restart: sites, pools (an unchanged pool keeps its connections and
     * health), certificates and protocols, client limits, blocked paths and tokens. The store and open
     * connections stay. A config that cannot be applied (a certificate that does not load, say) is
     * refused with the reason, logged, and the old one keeps serving. Settings read only at start are
     * named in the log.
     */
    public Future<Void> reload(EdgeConfig next) {
        Live before = live;
        ServerTls tls;
        try {
            check(vertx, next);
            tls = started.tls().enabled() && next.tls().enabled() ? ServerTls.load(vertx, next) : null;
        } catch (ConfigException | IllegalArgumentException e) {
            LOG.warning("reload refused, the old settings stay: " + e.getMessage());
            return Future.failedFuture(e);
        }
        Future<Void> certificates = tls == null ? Future.succeededFuture() : updateCertificates(tls);
        return certificates.map(v -> {
            Sites sites = Sites.build(vertx, next, ticker, before.sites());
            live = new Live(next, sites, tls == null ? before.tls() : tls);
            before.sites().retireUnusedBy(sites);
            connections.limits(next.client());
            List<String> later = restartOnly(started, next);
            LOG.info("reloaded: " + next.effectiveSites().size() + " site(s), " + next.pools().size() + " pool(s)"
                    + (later.isEmpty() ? "" : "; these take effect at the next start: " + String.join(", ", later)));
            return (Void) null;
        }).onFailure(e -> LOG.warning("reload refused, the old settings stay: " + e.getMessage()));
    }

    private Future<Void> updateCertificates(ServerTls tls) {
        List<Future<Boolean>> updates = new ArrayList<>();
        for (HttpServer s : tlsServers) {
            updates.add(s.updateSSLOptions(tls.options(), true));
        }
        return Future.all(updates).mapEmpty();
    }

    /** Keys that differ between the running settings and new ones but are read only at start. */
    static List<String> restartOnly(EdgeConfig a, EdgeConfig b) {
        Map<String, Function<EdgeConfig, Object>> keys = new LinkedHashMap<>();
        keys.put("host", EdgeConfig::host);
        keys.put("port", EdgeConfig::port);
        keys.put("node", EdgeConfig::node);
        keys.put("capacity", EdgeConfig::capacity);
        keys.put("policy", EdgeConfig::policy);
        keys.put("max-object-size", EdgeConfig::maxObjectSize);
        keys.put("heuristic-cap", EdgeConfig::heuristicCap);
        keys.put("stale-if-unreachable", EdgeConfig::staleIfUnreachable);
        keys.put("event-loops", EdgeConfig::eventLoops);
        keys.put("client.idle-timeout", c -> c.client().idleTimeout());
        keys.put("cluster", EdgeConfig::cluster);
        keys.put("h2c", EdgeConfig::h2c);
        keys.put("tls.enabled", c -> c.tls().enabled());
        keys.put("tls.port", c -> c.tls().port());
        keys.put("tls.engine", c -> c.tls().engine());
        keys.put("tls.http2", c -> c.tls().http2());
        List<String> changed = new ArrayList<>();
        keys.forEach((k, get) -> {
            if (!Objects.equals(get.apply(a), get.apply(b))) {
                changed.add(k);
            }
        });
        return changed;
    }

    /** Certificates and keys are read again when their files change (a renewal), as a reload would. */
    private void watchCertificates() {
        if (live.tls() == null) {
            return;
        }
        watchTimer = vertx.setPeriodic(2000, id -> {
            Live now = live;
            if (now.tls() != null && now.tls().filesChanged()) {
                LOG.info("certificate files changed: reloading them");
                reload(now.config());
            }
        });
    }

    public int port() {
        return port.get();
    }

    /** The HTTPS port, or 0 without TLS. */
    public int httpsPort() {
        return httpsPort.get();
    }

    /** The settings the node started with. */
    public EdgeConfig config() {
        return started;
    }

    /** The settings in force (the last reload's). */
    public EdgeConfig currentConfig() {
        return live.config();
    }

    /** Bytes the store holds now (never above the configured capacity). */
    /** Keys with a fetch, revalidation or background refresh in flight. */
    public int fetchesInFlight() {
        return passThrough.decisions().inFlight();
    }

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

    /**
     * A graceful stop as a DNS health check sees it: /health answers 503 for {@code drainTime} while
     * requests are still served, then the node stops accepting, lets in-flight requests finish and closes.
     */
    public Future<Void> drainThenClose(Duration drainTime) {
        if (drainTime.isZero()) {
            return close();
        }
        drain();
        io.vertx.core.Promise<Void> waited = io.vertx.core.Promise.promise();
        vertx.setTimer(drainTime.toMillis(), id -> waited.complete());
        return waited.future().compose(v -> close());
    }

    public Future<Void> close() {
        if (watchTimer >= 0) {
            vertx.cancelTimer(watchTimer);
        }
        EdgeCluster pop = cluster;
        cluster = null;
        Future<Void> leave = pop == null ? Future.succeededFuture() : pop.close(vertx);
        String id = deploymentId;
        deploymentId = null;
        return leave.compose(v -> id == null ? Future.succeededFuture() : vertx.undeploy(id))
                .compose(v -> proxy.closePeers()).compose(v -> live.sites().close()).andThen(v -> store.close());
    }

    private final class Listener extends VerticleBase {
        private final HttpServerOptions plain;
        private final int plainPort;
        private final HttpServerOptions secure;
        private final int securePort;
        private final List<HttpServer> servers = new ArrayList<>();

        Listener(HttpServerOptions plain, int plainPort, HttpServerOptions secure, int securePort) {
            this.plain = plain;
            this.plainPort = plainPort;
            this.secure = secure;
            this.securePort = securePort;
        }

        @Override
        public Future<?> start() {
            Future<HttpServer> first = listen(plain, plainPort).onSuccess(s -> port.set(s.actualPort()));
            if (secure == null) {
                return first;
            }
            return first.compose(v -> listen(secure, securePort).onSuccess(s -> {
                httpsPort.set(s.actualPort());
                tlsServers.add(s);
            }));
        }

        private Future<HttpServer> listen(HttpServerOptions options, int listenPort) {
            HttpServer server = vertx.createHttpServer(options).connectionHandler(connections::opened).requestHandler(EdgeServer.this::route);
            servers.add(server);
            return server.listen(listenPort, options.getHost());
        }

        @Override
        public Future<?> stop() {
            tlsServers.removeAll(servers);
            return Future.all(servers.stream().map(s -> s.shutdown(Duration.ofSeconds(5))).toList());
        }
    }
}
