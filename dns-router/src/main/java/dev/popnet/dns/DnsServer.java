package dev.popnet.dns;

import dev.popnet.core.config.ConfigException;
import dev.popnet.core.config.ConfigLoader;
import dev.popnet.core.routing.HealthView;
import dev.popnet.core.time.Ticker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The authoritative DNS server on UDP and TCP (RFC 7766 framing), plus an HTTP port for /stats,
 * /metrics, POST /reload and the PoPs' edge lists (/admin/pops/{pop}/edges), and optionally the HTTP
 * redirect front door. The topology file is also re-read when it changes on disk; a reload or an edge
 * list update swaps the routing in one step, so queries never see half a topology, re-applies the
 * health and load settings, and a bad file or document keeps the old topology.
 *
 * <p>UDP runs on blocking threads, one socket each on the same port ({@link UdpTransport}), each query
 * answered on the thread that read it, from a kept response when one applies. TCP (connections,
 * framing, idle timeouts) and the HTTP ports stay on Vert.x.
 */
public final class DnsServer {
    private static final int MAX_TCP_MESSAGE = 65535;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DnsServer.class);
    private static final int BIND_ATTEMPTS = 5;
    /** The query reader of each thread that answers (UDP workers, the TCP event loops), reused for every query. */
    private static final ThreadLocal<WireQuery> QUERY = ThreadLocal.withInitial(WireQuery::new);
    /** Where a TCP answer is written before it is framed, per event loop. */
    private static final ThreadLocal<byte[]> TCP_ANSWER = ThreadLocal.withInitial(() -> new byte[MAX_TCP_MESSAGE]);
    private static final String EDGES_PREFIX = "/admin/pops/";
    /** An edge list is a few hundred bytes; this is room for hundreds of edges and no more. */
    private static final int MAX_ADMIN_BODY = 64 * 1024;
    /** Reloads and admin updates each read the topology and swap in the next: one at a time. */
    private final Object topologyLock = new Object();
    private final Vertx vertx;
    private final Path configFile;
    private final Ticker ticker = Ticker.system();
    private final AtomicReference<DnsRouting> routing;
    /** Moves whenever health, load or signatures change: kept answers are valid for one epoch. */
    private final AtomicLong epoch = new AtomicLong();
    private final DnsStats stats = new DnsStats();
    private final DnsAnswerer answerer = new DnsAnswerer(stats);
    private final HealthChecker health;
    private final LoadPoller load;
    private final RoutingView view;
    private UdpTransport udp;
    private NetServer tcp;
    private HttpServer admin;
    private HttpServer redirect;
    private long watchTimer = -1;
    private long resignTimer = -1;
    private long lastModified;

    private DnsServer(Vertx vertx, DnsConfig config, Path configFile) {
        this.vertx = vertx;
        this.configFile = configFile;
        this.routing = new AtomicReference<>(new DnsRouting(config, ticker));
        this.health = new HealthChecker(vertx, routing::get, epoch, ticker);
        stats.health(health::snapshot);
        this.load = new LoadPoller(vertx, routing::get, epoch, ticker);
        this.view = new RoutingView() {
            @Override
            public HealthView pops() {
                return health::healthy;
            }

            @Override
            public boolean edgeHealthy(String http) {
                return health.edgeHealthy(http);
            }

            @Override
            public HealthView load() {
                return load.monitor();
            }

            @Override
            public long epoch() {
                return epoch.get();
            }
        };
    }

    /** @param configFile where the config came from (for reloads), or null */
    public static Future<DnsServer> start(Vertx vertx, DnsConfig config, Path configFile) {
        DnsServer s;
        try {
            s = new DnsServer(vertx, config, configFile);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e); // e.g. a DNSSEC key that cannot be read
        }
        return s.listen().map(s);
    }

    private Future<Void> listen() {
        DnsConfig c = routing.get().config;
        return bindDns(c, 1).compose(v -> {
            admin = vertx.createHttpServer().requestHandler(this::adminRequest);
            return admin.listen(c.statsPort(), c.host());
        }).compose(a -> c.redirect() == null ? Future.succeededFuture()
                : RedirectFrontDoor.start(vertx, c.host(), c.redirect().port(), routing::get, view, stats).map(h -> redirect = h))
                .onFailure(e -> closeQuietly()).onSuccess(a -> {
                    load.apply();
                    health.apply();
                    scheduleResigning();
                    if (configFile != null) {
                        lastModified = modified();
                        watchTimer = vertx.setPeriodic(2000, id -> {
                            if (modified() != lastModified) {
                                lastModified = modified();
                                reload();
                            }
                        });
                    }
                }).mapEmpty();
    }

    /**
     * UDP first (port 0 picks a free one), then TCP on the same number. With port 0 that number can
     * already be taken for TCP by someone else: then both are given up and another free port is tried.
     */
    private Future<Void> bindDns(DnsConfig c, int attempt) {
        try {
            int threads = c.udpThreads() > 0 ? c.udpThreads() : defaultUdpThreads();
            udp = UdpTransport.bind(c.host(), c.port(), threads,
                    (packet, length, sender, out) -> respond(packet, length, sender, true, out), stats.dropped::increment);
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        NetServerOptions options = new NetServerOptions().setIdleTimeout((int) c.tcpIdleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        tcp = vertx.createNetServer(options).connectHandler(this::tcpConnection);
        return tcp.listen(udp.port(), c.host()).<Void>mapEmpty().recover(e -> {
            udp.close();
            udp = null;
            if (c.port() == 0 && attempt < BIND_ATTEMPTS && e instanceof BindException) {
                return bindDns(c, attempt + 1);
            }
            return Future.failedFuture(new IOException("cannot listen on tcp " + c.host() + ":" + c.port() + ": " + e.getMessage(), e));
        });
    }

    /**
     * Half the cores, at least one: the kernel's side of each packet (most of a query's CPU) needs cores too. On two
     * cores shared with dnsperf, one batching socket thread spent 5.6-7.0 µs of CPU per query at full load where two
     * spent 6.8-10.0 (interleaved rounds, load average 22-30), and answered more queries in five rounds of six. The
     * price, on a machine that busy: at 20,000 queries/s two threads had the lower p99 in three rounds of four, as
     * nothing takes over while a lone thread waits for a core; {@code udp-threads} chooses.
     */
    private static int defaultUdpThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** Kept answers carry signatures: rebuild them often enough that none is served older than the refresh age. */
    private void scheduleResigning() {
        if (resignTimer >= 0) {
            vertx.cancelTimer(resignTimer);
            resignTimer = -1;
        }
        DnssecSigner signer = routing.get().signer;
        if (signer != null) {
            resignTimer = vertx.setPeriodic(Math.max(1000, signer.refresh().toMillis() / 4), id -> epoch.incrementAndGet());
        }
    }

    /**
     * Answers the query in {@code data[0, length)} into {@code out}; returns the answer's length, or -1 when
     * the query deserves no answer. Never throws: one packet cannot take the server down. Allocates
     * nothing when a kept answer applies (the common query).
     */
    private int respond(byte[] data, int length, InetAddress sender, boolean overUdp, byte[] out) {
        long start = System.nanoTime();
        try {
            DnsRouting r = routing.get();
            WireQuery q = QUERY.get();
            boolean common = q.parse(data, length);
            if (common) {
                int kept = answerer.precomputed(data, q, sender, overUdp, r, view, start, out);
                if (kept >= 0) {
                    return kept;
                }
            }
            DnsAnswerer.Result res = answerer.answer(java.util.Arrays.copyOf(data, length), common ? q : null, sender, overUdp, r, view);
            if (res == null || res.wire().length > out.length) {
                stats.dropped.increment();
                return -1;
            }
            if (res.truncated()) {
                stats.truncated.increment();
            }
            stats.query(res.type(), res.rcode(), res.pop(), System.nanoTime() - start);
            System.arraycopy(res.wire(), 0, out, 0, res.wire().length);
            return res.wire().length;
        } catch (RuntimeException e) {
            stats.dropped.increment();
            return -1;
        }
    }

    /** RFC 1035 §4.2.2 / RFC 7766: two-byte length, then the message; several per connection; closed once idle. */
    private void tcpConnection(NetSocket socket) {
        stats.tcp.increment();
        Buffer[] pending = {Buffer.buffer()};
        InetAddress peer;
        try {
            peer = InetAddress.getByName(socket.remoteAddress().hostAddress()); // a literal: no lookup
        } catch (IOException e) {
            socket.close();
            return;
        }
        socket.handler(chunk -> {
            pending[0].appendBuffer(chunk);
            while (pending[0].length() >= 2) {
                int length = pending[0].getUnsignedShort(0);
                if (length == 0 || length > MAX_TCP_MESSAGE) {
                    socket.close();
                    return;
                }
                if (pending[0].length() < 2 + length) {
                    break;
                }
                byte[] message = pending[0].getBytes(2, 2 + length);
                pending[0] = pending[0].getBuffer(2 + length, pending[0].length());
                byte[] out = TCP_ANSWER.get();
                int n = respond(message, message.length, peer, false, out);
                if (n >= 0) {
                    socket.write(Buffer.buffer(n + 2).appendUnsignedShort(n).appendBytes(out, 0, n));
                }
            }
        });
    }

    private void adminRequest(HttpServerRequest request) {
        switch (request.path()) {
            case "/stats" -> json(request, 200, statsMap());
            case "/metrics" -> request.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(stats.prometheus());
            case "/health" -> request.response().end("ok\n");
            case "/reload" -> reloadRequest(request);
            default -> {
                if (request.path().startsWith(EDGES_PREFIX)) {
                    edgesRequest(request);
                } else {
                    request.response().setStatusCode(404).end("not found\n");
                }
            }
        }
    }

    /**
     * {@code GET} or {@code PUT /admin/pops/{pop}/edges} ({@link PopEdges}), authenticated as /reload is:
     * how a scaler tells the router of an edge it started (answered from then on, while its health check
     * passes) or is taking away. The rest of the topology stays; a bad document changes nothing.
     */
    private void edgesRequest(HttpServerRequest request) {
        String rest = request.path().substring(EDGES_PREFIX.length());
        String pop = rest.endsWith("/edges") ? rest.substring(0, rest.length() - "/edges".length()) : "";
        if (pop.isEmpty() || pop.contains("/")) {
            json(request, 404, Map.of("error", "no such resource: the API is /admin/pops/{pop}/edges"));
        } else if (!admitted(request, List.of(HttpMethod.GET, HttpMethod.PUT), "/admin/pops/{pop}/edges", "the admin API is off: set reload-token")) {
            return;
        } else if (pop(routing.get().config, pop) == null) {
            json(request, 404, Map.of("error", "no PoP named " + pop));
        } else if (request.method() == HttpMethod.GET) {
            json(request, 200, PopEdges.document(pop(routing.get().config, pop)));
        } else {
            readBody(request).onSuccess(body -> {
                String error = replaceEdges(pop, body);
                json(request, error == null ? 200 : 400, error == null ? PopEdges.document(pop(routing.get().config, pop)) : Map.of("error", error));
            });
        }
    }

    /** The body, or a 413 and a closed connection once it passes {@link #MAX_ADMIN_BODY} (never buffered beyond that). */
    private static Future<String> readBody(HttpServerRequest request) {
        io.vertx.core.Promise<String> read = io.vertx.core.Promise.promise();
        String length = request.getHeader("Content-Length");
        if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 12 && Long.parseLong(length) > MAX_ADMIN_BODY) {
            request.response().setStatusCode(413).putHeader("Connection", "close").end("{\"error\": \"body above 64 KiB\"}\n");
            return read.future();
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_ADMIN_BODY) {
                if (!request.response().ended()) {
                    request.response().setStatusCode(413).putHeader("Connection", "close").end("{\"error\": \"body above 64 KiB\"}\n");
                }
                request.connection().close();
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (!request.response().ended()) {
                read.complete(body.toString(StandardCharsets.UTF_8));
            }
        });
        return read.future();
    }

    private static DnsConfig.Pop pop(DnsConfig config, String name) {
        return config.pops().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    /** Swaps in the topology with the PoP's edges replaced; returns null on success, else why the old one stays. */
    private String replaceEdges(String popName, String document) {
        synchronized (topologyLock) {
            try {
                List<DnsConfig.Edge> edges = PopEdges.parse(document);
                DnsConfig current = routing.get().config;
                List<DnsConfig.Pop> pops = current.pops().stream().map(p -> !p.name().equals(popName) ? p
                        : new DnsConfig.Pop(p.name(), p.location(), p.addresses(), p.weight(), p.healthUrls(), edges, p.capacity())).toList();
                swap(current.withPops(pops));
                stats.topologyUpdates.increment();
                LOG.info("topology: PoP {} now has {} edges: {}", popName, edges.size(),
                        edges.stream().map(e -> e.address() + " (" + e.http() + ")").toList());
                return null;
            } catch (IllegalArgumentException e) {
                stats.topologyUpdatesRefused.increment();
                LOG.warn("topology update of PoP {} refused, the old topology stays: {}", popName, e.getMessage());
                return e.getMessage();
            }
        }
    }

    /** One step from one topology to the next: queries see the old or the new, and health and load follow the new. */
    private void swap(DnsConfig config) {
        routing.set(new DnsRouting(config, ticker));
        health.apply();
        load.apply();
        scheduleResigning();
    }

    /** POST with {@code Authorization: Bearer <reload-token>}; refused while no token is configured. */
    private void reloadRequest(HttpServerRequest request) {
        if (!admitted(request, List.of(HttpMethod.POST), "reload", "reloads over HTTP are off: set reload-token (file changes are still picked up)")) {
            return;
        }
        if (configFile == null) {
            json(request, 409, Map.of("error", "started without a config file: nothing to reload"));
        } else {
            String error = reload();
            json(request, error == null ? 200 : 400, error == null ? Map.of("reloaded", true) : Map.of("error", error));
        }
    }

    /**
     * The checks every admin request passes, in order: one of its methods (else 405 with Allow), a
     * reload-token configured (else 403), and that token as a bearer, compared in constant time (else
     * 401). Answers a refused request and returns false.
     */
    private boolean admitted(HttpServerRequest request, List<HttpMethod> methods, String what, String off) {
        String token = routing.get().config.reloadToken();
        if (!methods.contains(request.method())) {
            String allow = String.join(", ", methods.stream().map(HttpMethod::name).toList());
            request.response().putHeader("Allow", allow);
            json(request, 405, Map.of("error", what + " takes " + allow));
        } else if (token == null || token.isEmpty()) {
            json(request, 403, Map.of("error", off));
        } else if (!authorized(request.getHeader("Authorization"), token)) {
            request.response().putHeader("WWW-Authenticate", "Bearer");
            json(request, 401, Map.of("error", what + " needs Authorization: Bearer <reload-token>"));
        } else {
            return true;
        }
        return false;
    }

    private static boolean authorized(String header, String token) {
        String expected = "Bearer " + token;
        return header != null && MessageDigest.isEqual(header.trim().getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** Re-reads the config file; returns null on success, else why the old topology stays. */
    public String reload() {
        synchronized (topologyLock) {
            try {
                DnsConfig fresh = ConfigLoader.load(DnsConfig.class, configFile, System.getenv(), Map.of());
                swap(fresh);
                stats.reloads.increment();
                LOG.info("reloaded {}: {} PoPs", configFile, fresh.pops().size());
                return null;
            } catch (ConfigException | IllegalArgumentException e) {
                stats.reloadsRefused.increment();
                LOG.warn("reload refused, the old topology stays: {}", e.getMessage());
                return e.getMessage();
            }
        }
    }

    private long modified() {
        try {
            return Files.getLastModifiedTime(configFile).toMillis();
        } catch (java.io.IOException e) {
            return lastModified;
        }
    }

    private Map<String, Object> statsMap() {
        DnsRouting r = routing.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zone", r.config.zone());
        m.put("strategy", r.strategyName());
        m.put("udp_sockets", udp.sockets());
        m.put("udp_io", udp.io());
        m.put("dnssec", r.signer != null);
        m.put("queries_by_type", stats.byType());
        m.put("responses_by_rcode", stats.byRcode());
        m.put("answers_by_pop", stats.byPop());
        m.put("pop_health", health.snapshot());
        Map<String, Object> loads = new LinkedHashMap<>();
        load.snapshot().forEach((pop, s) -> loads.put(pop, Map.of("shed", s.shed(), "requests_per_second", s.load().requestsPerSecond(),
                "bits_per_second", s.load().bitsPerSecond())));
        m.put("pop_load", loads);
        m.put("precomputed_answers", stats.precomputed.sum());
        m.put("signed_answers", stats.signed.sum());
        m.put("redirects", stats.redirects.sum());
        m.put("dropped", stats.dropped.sum());
        m.put("truncated", stats.truncated.sum());
        m.put("tcp_connections", stats.tcp.sum());
        m.put("reloads", stats.reloads.sum());
        m.put("topology_updates", stats.topologyUpdates.sum());
        m.put("latency", stats.latency.snapshot().toMap());
        return m;
    }

    private static void json(HttpServerRequest request, int status, Object body) {
        try {
            request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(ConfigLoader.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            request.response().setStatusCode(500).end();
        }
    }

    /** Where /metrics comes from: the router's own meters, to which the command line adds JVM and process ones. */
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return stats.registry();
    }

    /** The UDP and TCP port. */
    public int port() {
        return udp.port();
    }

    public int statsPort() {
        return admin.actualPort();
    }

    /** The redirect front door's port, or -1 when it is off. */
    public int redirectPort() {
        return redirect == null ? -1 : redirect.actualPort();
    }

    /** After a failed start: whatever was already listening is let go, so the ports are free again. */
    private void closeQuietly() {
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
        if (admin != null) {
            admin.close();
        }
    }

    public Future<Void> close() {
        for (long timer : new long[] {watchTimer, resignTimer}) {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }
        health.close();
        load.close();
        udp.close();
        Future<Void> servers = tcp.close().compose(v -> admin.close());
        return redirect == null ? servers : servers.compose(v -> redirect.close());
    }
}
