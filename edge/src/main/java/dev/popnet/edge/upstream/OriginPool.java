package dev.popnet.edge.upstream;

import dev.popnet.core.routing.HealthTracker;
import dev.popnet.core.routing.RendezvousHash;
import dev.popnet.core.time.Ticker;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Several servers that serve the same content. Each request gets a ranked list of the servers in
 * service (first is best, by the pool's balancing) and goes to the first; an idempotent request without a
 * body that fails before any response arrives (refused, reset, timed out) goes on to the next, up to
 * {@code retries} times. A server leaves service when its active health checks fail {@code fall} times
 * in a row (back after {@code rise} passes), or for {@code fail-timeout} after {@code max-fails} failed
 * exchanges in a row. With no server in service, all of them are tried rather than none.
 */
public final class OriginPool implements Origin {
    private static final Logger LOG = Logger.getLogger("dev.popnet.edge");
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PUT,
            HttpMethod.DELETE);

    private static final class Server {
        final String url;
        final Upstream upstream;
        final Upstream checker;
        final long hash;
        final AtomicInteger failsInARow = new AtomicInteger();
        final LongAdder requests = new LongAdder();
        final LongAdder failures = new LongAdder();
        volatile long outUntilNanos;

        Server(String url, Upstream upstream, Upstream checker) {
            this.url = url;
            this.upstream = upstream;
            this.checker = checker;
            this.hash = RendezvousHash.memberHash(url);
        }
    }

    private final Vertx vertx;
    private final String name;
    private final PoolConfig config;
    private final Upstream.Options options;
    private final Ticker ticker;
    private final List<Server> servers;
    private final HealthTracker health;
    private final String authority;
    private final AtomicInteger turn = new AtomicInteger();
    private volatile long checkTimer = -1;

    public OriginPool(Vertx vertx, String name, PoolConfig config, Upstream.Options options, Ticker ticker) {
        this.vertx = vertx;
        this.name = name;
        this.config = config;
        this.options = new Upstream.Options(options.timeout(), options.responseTimeout(), options.maxConnections(), config.caFile(),
                config.serverName());
        this.ticker = ticker;
        PoolConfig.HealthCheck h = config.health();
        this.health = new HealthTracker(h.rise(), h.fall(), ticker);
        List<Server> list = new ArrayList<>();
        for (String url : config.servers()) {
            Upstream checker = h.enabled() ? new Upstream(vertx, url, new Upstream.Options(h.timeout(), h.timeout(), 2, config.caFile(),
                    config.serverName())) : null;
            list.add(new Server(url, new Upstream(vertx, url, this.options), checker));
        }
        this.servers = List.copyOf(list);
        this.authority = config.hostHeader().isEmpty() ? servers.get(0).upstream.authority() : config.hostHeader();
        if (h.enabled()) {
            checkTimer = vertx.setPeriodic(0, h.interval().toMillis(), id -> checkAll());
        }
    }

    public String name() {
        return name;
    }

    /** What this pool was made from (with the upstream options), to tell whether a reload changes it. */
    public boolean madeFrom(PoolConfig c, Upstream.Options o) {
        return config.equals(c) && options.timeout().equals(o.timeout()) && options.responseTimeout().equals(o.responseTimeout())
                && options.maxConnections() == o.maxConnections();
    }

    @Override
    public String authority() {
        return authority;
    }

    @Override
    public Future<UpstreamResponse> send(UpstreamRequest request) {
        List<Server> ranked = ranked(request.target());
        int tries = 1 + (request.body() == null && IDEMPOTENT.contains(request.method()) ? config.retries() : 0);
        return attempt(request, ranked, 0, Math.min(tries, ranked.size()));
    }

    private Future<UpstreamResponse> attempt(UpstreamRequest request, List<Server> ranked, int i, int tries) {
        Server s = ranked.get(i);
        s.requests.increment();
        return s.upstream.send(request).recover(e -> {
            failed(s);
            boolean again = i + 1 < tries && !(e instanceof UpstreamException u && u.kind() == UpstreamException.Kind.PROTOCOL);
            return again ? attempt(request, ranked, i + 1, tries) : Future.failedFuture(e);
        }).onSuccess(r -> s.failsInARow.set(0));
    }

    /** Passive health: {@code max-fails} failures in a row take the server out for {@code fail-timeout}. */
    private void failed(Server s) {
        s.failures.increment();
        if (config.maxFails() > 0 && s.failsInARow.incrementAndGet() >= config.maxFails()) {
            s.failsInARow.set(0);
            long now = ticker.nanos();
            boolean wasIn = s.outUntilNanos <= now;
            s.outUntilNanos = now + config.failTimeout().toNanos();
            if (wasIn) {
                LOG.warning("pool " + name + ": " + s.url + " failed " + config.maxFails() + " exchange(s) in a row; out of service for "
                        + dev.popnet.core.config.Durations.format(config.failTimeout()));
            }
        }
    }

    private boolean inService(Server s, long now) {
        return health.healthy(s.url) && s.outUntilNanos <= now;
    }

    /** The servers in service, best first by the pool's balancing; all of them when none is in service. */
    private List<Server> ranked(String target) {
        long now = ticker.nanos();
        List<Server> up = new ArrayList<>(servers.size());
        for (Server s : servers) {
            if (inService(s, now)) {
                up.add(s);
            }
        }
        if (up.isEmpty()) {
            up.addAll(servers);
        }
        int n = up.size();
        switch (config.balance()) {
            case "consistent-hash" -> {
                long key = RendezvousHash.memberHash(target);
                up.sort(Comparator.comparingLong((Server s) -> RendezvousHash.score(key, s.hash)).reversed());
                return up;
            }
            case "least-connections" -> {
                List<Server> rotated = rotate(up, Math.floorMod(turn.getAndIncrement(), n)); // ties go round
                rotated.sort(Comparator.comparingInt(s -> s.upstream.inFlight()));
                return rotated;
            }
            default -> {
                return rotate(up, Math.floorMod(turn.getAndIncrement(), n));
            }
        }
    }

    private static List<Server> rotate(List<Server> list, int by) {
        List<Server> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(list.get((i + by) % list.size()));
        }
        return out;
    }

    private void checkAll() {
        PoolConfig.HealthCheck h = config.health();
        for (Server s : servers) {
            MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("Host", authority).set("User-Agent", "popnet-edge health check");
            s.checker.send(UpstreamRequest.of(HttpMethod.GET, h.path(), headers)).onComplete(ar -> {
                boolean passed = ar.succeeded() && ar.result().status() >= 200 && ar.result().status() < 400;
                if (ar.succeeded()) {
                    ar.result().resume(); // read to the end, so the connection is kept
                }
                if (health.record(s.url, passed)) {
                    String why = ar.succeeded() ? "status " + ar.result().status() : ar.cause().getMessage();
                    if (passed) {
                        LOG.info("pool " + name + ": " + s.url + " passes its health check again; back in service");
                    } else {
                        LOG.warning("pool " + name + ": " + s.url + " failed " + h.fall() + " health checks in a row (" + why
                                + "); out of service");
                    }
                }
            });
        }
    }

    /** Per server: in service or not, exchanges in flight, requests and failures so far. */
    public List<Map<String, Object>> stats() {
        long now = ticker.nanos();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Server s : servers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("server", s.url);
            m.put("in_service", inService(s, now));
            m.put("healthy", health.healthy(s.url));
            m.put("in_flight", s.upstream.inFlight());
            m.put("requests", s.requests.sum());
            m.put("failures", s.failures.sum());
            out.add(m);
        }
        return out;
    }

    @Override
    public Future<Void> close() {
        if (checkTimer >= 0) {
            vertx.cancelTimer(checkTimer);
        }
        List<Future<Void>> all = new ArrayList<>();
        for (Server s : servers) {
            all.add(s.upstream.close());
            if (s.checker != null) {
                all.add(s.checker.close());
            }
        }
        return Future.all(all).mapEmpty();
    }

    /** Closes once requests already sent here have had time to finish (after a reload replaced this pool). */
    public void retire() {
        long grace = options.timeout().toMillis() * 2 + options.responseTimeout().toMillis();
        vertx.setTimer(grace, id -> close());
    }
}
