package dev.popnet.live;

import dev.popnet.core.cache.CacheKey;
import dev.popnet.core.http.RequestTarget;
import dev.popnet.core.routing.GeoPoint;
import dev.popnet.core.routing.RendezvousHash;
import dev.popnet.edge.cluster.PopOwnership;
import dev.popnet.simulator.engine.Backend;
import dev.popnet.simulator.scenario.RegionSpec;
import dev.popnet.simulator.scenario.Scenario;
import dev.popnet.simulator.workload.ContentClass;
import dev.popnet.simulator.workload.Request;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.HostAndPort;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A live run's clients: DNS questions to the real router (with the ECS of the region nearest to the
 * asking resolver), then HTTP requests for the CDN's hostname to the edge of the chosen PoP that owns
 * the object (as the model's clients reach their owner edge directly), classified by its Cache-Status.
 * Each request leaves when the scenario's clock (sped up by {@code speed}) says, and waits half the
 * client's round trip before it is sent and half again, plus the body's transfer time, after the
 * answer: the latency the scenario models, injected on a real path.
 */
public final class LiveBackend implements Backend {
    private final Scenario scenario;
    private final LocalNetwork network;
    private final Vertx vertx;
    private final double speed;
    /** Per PoP, its edges as planned now; rebuilt when it scales or restarts. */
    private final Map<String, PopEdges> popEdges = new HashMap<>();
    private final HttpClient http;
    private final LiveProgress progress;
    private final RequestLog requestLog;
    private final AtomicLong inFlight = new AtomicLong();
    /** One per request that may be out; the run's thread sleeps on it, not in a polling loop, while all are out. */
    private final Semaphore slots;
    /** Wall time of the first request, moved on by each time the scenario's clock was held. */
    private long startNanos = -1;
    /** Wall time of the first request. */
    private long firstNanos = -1;
    /** When the request {@link #awaitArrival} let go was due: its client's clock starts then, however late it left. */
    private long dueNanos;
    /** CPU time every edge had used by the first request. */
    private long firstCpuNanos;
    private final AtomicLong answered = new AtomicLong();
    /** Per PoP: when its edges' utilisation was last read, and their CPU time then. */
    private final Map<String, long[]> cpuMarks = new HashMap<>();

    /**
     * @param speed       how many times faster than the scenario's clock requests leave; 0 = as fast
     *                    as {@code maxInFlight} allows
     * @param maxInFlight requests out at once; more wait (the run falls behind and says so)
     */
    LiveBackend(Scenario scenario, LocalNetwork network, Vertx vertx, double speed, int maxInFlight, LiveProgress progress,
            RequestLog requestLog) {
        this.scenario = scenario;
        this.network = network;
        this.vertx = vertx;
        this.speed = speed;
        this.slots = new Semaphore(maxInFlight);
        this.progress = progress;
        this.requestLog = requestLog;
        learnEdges();
        // A crashed edge resets its connections: the requests on them fail and are counted, so the
        // connection's own report would only repeat them on stderr.
        http = vertx.httpClientBuilder().with(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000).setIdleTimeout(60))
                .with(new PoolOptions().setHttp1MaxSize(Math.max(8, maxInFlight / 4)))
                .withConnectHandler(connection -> connection.exceptionHandler(e -> { })).build();
    }

    private void learnEdges() {
        popEdges.clear();
        network.plan().edges().forEach((pop, list) -> popEdges.put(pop, PopEdges.of(list)));
    }

    /**
     * A PoP's edges with the rendezvous hashes their cluster gives them: each edge owns the cache keys it
     * wins over its members' HTTP addresses ({@link PopOwnership}), which the model's owner (hashed over
     * object ids and its own edge names) does not name; a request sent elsewhere would cross to the
     * owner, a hop the model's client never makes.
     */
    private record PopEdges(List<NetworkPlan.Edge> edges, long[] hashes) {
        static PopEdges of(List<NetworkPlan.Edge> edges) {
            List<NetworkPlan.Edge> copy = List.copyOf(edges);
            return new PopEdges(copy, copy.stream().mapToLong(e -> RendezvousHash.memberHash(e.host() + ":" + e.port())).toArray());
        }

        NetworkPlan.Edge ownerOf(String uri) {
            String key = CacheKey.of("http", NetworkPlan.HOSTNAME_NO_DOT, RequestTarget.parse(uri)).value();
            return edges.get(RendezvousHash.ownerIndex(PopOwnership.keyHash(key), hashes));
        }
    }

    @Override
    public String name() {
        return "live";
    }

    @Override
    public String resolve(int regionIndex, GeoPoint asking) {
        List<String> answer = network.dnsAnswer(nearestRegion(asking));
        if (answer.isEmpty()) {
            throw new IllegalStateException("the DNS router answered no address");
        }
        return network.plan().popOf(answer.get(0));
    }

    private int nearestRegion(GeoPoint asking) {
        List<RegionSpec> regions = scenario.regions();
        int best = 0;
        for (int i = 1; i < regions.size(); i++) {
            if (regions.get(i).location().distanceKm(asking) < regions.get(best).location().distanceKm(asking)) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public void awaitArrival(long virtualNanos) {
        long now = System.nanoTime();
        if (startNanos < 0) {
            startNanos = firstNanos = now;
            for (String pop : network.plan().edges().keySet()) {
                cpuMarks.put(pop, new long[] {now, network.edgeCpu(pop).toNanos()});
            }
            firstCpuNanos = edgeCpuNanos();
        }
        network.checkRunning();
        long due = speed > 0 ? startNanos + (long) (virtualNanos / speed) : now;
        for (long wait = due - now; wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(wait, 1_000_000));
        }
        slots.acquireUninterruptibly(); // the fetch that follows gives it back when it is answered
        progress.sent(Math.max(0, System.nanoTime() - due), inFlight.get());
        dueNanos = speed > 0 ? due : System.nanoTime(); // as fast as slots allow: no request is late
    }

    @Override
    public CompletionStage<Outcome> fetch(String pop, String edge, Request request, double rttMs, double transferMs) {
        String uri = uri(scenario, request);
        NetworkPlan.Edge e = popEdges.get(pop).ownerOf(uri);
        // As the model's client, which sends at its due time: a request that leaves late (the run's thread
        // waited for a slot, a DNS answer or a core) counts the wait, and is on the wire half a round trip after it was due.
        long issued = dueNanos;
        long halfRtt = Math.round(rttMs * 1e6 / 2);
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        inFlight.incrementAndGet();
        after(issued + halfRtt - System.nanoTime(), () -> get(e, uri)
                .compose(resp -> resp.body().map(body -> resp))
                .onComplete(ar -> after(halfRtt + Math.round(transferMs * 1e6), () -> {
                    Served served = ar.succeeded() ? served(pop, ar.result()) : Served.FAILED;
                    double ms = (System.nanoTime() - issued) / 1e6;
                    inFlight.decrementAndGet();
                    slots.release();
                    answered.incrementAndGet();
                    progress.done(served == Served.FAILED);
                    requestLog.write(issued - firstNanos, ms, e.node(), request, served,
                            ar.succeeded() ? ar.result().statusCode() : 0,
                            ar.succeeded() ? ar.result().getHeader("Cache-Status") : ar.cause().toString());
                    result.complete(new Outcome(served, ms));
                })));
        return result;
    }

    private Future<HttpClientResponse> get(NetworkPlan.Edge e, String uri) {
        return http.request(HttpMethod.GET, e.port(), e.host(), uri)
                .compose(req -> req.authority(HostAndPort.authority(NetworkPlan.HOSTNAME_NO_DOT)).send());
    }

    /**
     * Before the scenario's clock starts, every edge answers {@code perEdge} requests, {@code concurrency}
     * at a time, for objects of the origin the scenario never asks for: passed through (no-store),
     * fetched and stored, asked again (hits, some coalesced) and revalidated (max-age=0, answered 304),
     * about half of them crossing to their owner edge and all fetches taking the delayed path. The
     * servers' compilers then have every path ready by the first measured request: cold, a JVM on a
     * busy machine takes seconds over its first few hundred requests, which the model (whose edges are
     * warm) never shows. The stored ones are small (2 KiB each) and never asked for again, so an LRU
     * evicts them before any of the scenario's objects; the origin's counts from before the scenario
     * are kept apart ({@link LiveRun}).
     */
    Future<Void> warmUp(int perEdge, int concurrency) {
        List<Future<Void>> chains = new ArrayList<>();
        popEdges.values().forEach(p -> p.edges().forEach(e -> {
            for (int c = 0; c < concurrency; c++) {
                Future<Void> chain = Future.succeededFuture();
                for (int i = c; i < perEdge; i += concurrency) {
                    String uri = warmUpUri(e.node(), i);
                    chain = chain.compose(v -> get(e, uri).compose(HttpClientResponse::body).mapEmpty());
                }
                chains.add(chain);
            }
        }));
        return Future.all(chains).mapEmpty();
    }

    private static String warmUpUri(String node, int i) {
        String object = "/obj/popnet-warm-up-" + node + "-";
        return switch (i % 4) {
            case 0 -> object + i + "?size=2048&cc=no-store";
            case 1, 2 -> object + "stored-" + (i - i % 4) + "?size=2048&cc=" + URLEncoder.encode("public, max-age=86400", StandardCharsets.UTF_8);
            default -> object + "revalidated-" + (i / 4 % 8) + "?size=2048&cc=" + URLEncoder.encode("public, max-age=0", StandardCharsets.UTF_8);
        };
    }

    /**
     * What the origin is asked for a request: the object with its size and, as the simulator's origin
     * answers it, its class's Cache-Control (or the trace's TTL), surrogate key and change interval.
     */
    public static String uri(Scenario scenario, Request request) {
        List<ContentClass> classes = scenario.workload().classes();
        ContentClass c = request.contentClass() < classes.size() ? classes.get(request.contentClass()) : classes.get(0);
        String cc = request.ttlSeconds() >= 0 ? "public, max-age=" + request.ttlSeconds() : c.cacheControl();
        StringBuilder uri = new StringBuilder("/obj/").append(request.objectId()).append("?size=").append(request.size())
                .append("&cc=").append(URLEncoder.encode(cc, StandardCharsets.UTF_8))
                .append("&surrogate-key=").append(URLEncoder.encode(c.surrogateKey(), StandardCharsets.UTF_8));
        if (c.changeInterval() != null) {
            uri.append("&change=").append(c.changeInterval().toMillis()).append("ms");
        }
        return uri.toString();
    }

    /** One Cache-Status entry per cache on the path (RFC 9211): this PoP's edges, and a parent PoP's. */
    private static Served served(String pop, HttpClientResponse r) {
        if (r.statusCode() != 200) {
            return Served.FAILED;
        }
        boolean popHit = false;
        boolean parentHit = false;
        String status = r.getHeader("Cache-Status");
        for (String hop : (status == null ? "" : status).split(",")) {
            boolean hit = hop.contains("; hit") || hop.contains("collapsed");
            if (hop.trim().startsWith(pop + "-e")) {
                popHit |= hit;
            } else {
                parentHit |= hit;
            }
        }
        return popHit ? Served.HIT : parentHit ? Served.PARENT_HIT : Served.ORIGIN;
    }

    private void after(long nanos, Runnable action) {
        if (nanos <= 0) {
            vertx.runOnContext(v -> action.run());
        } else {
            vertx.timer(nanos, TimeUnit.NANOSECONDS).onComplete(v -> action.run());
        }
    }

    @Override
    public void setPopUp(String pop, boolean up) {
        network.setPopUp(pop, up);
        learnEdges();
        progress.note("PoP " + pop + (up ? ": edges started again (cold caches)" : ": edges killed"));
    }

    /**
     * Plays a scale step of the model on the real PoP, with the scenario's clock held meanwhile (a JVM
     * takes seconds to start and join, the model's edge none), so requests before and after the step
     * keep their spacing. Each step is stamped with the wall time since the first request, and the
     * PoP's live utilisation since the last step (its edge processes' CPU time over their wall time)
     * is shown beside the model's decision.
     */
    @Override
    public List<String> setEdges(String pop, int edges) {
        long held = System.nanoTime();
        List<String> steps = new ArrayList<>();
        steps.add(stamp(held) + String.format(Locale.ROOT, "%s's edges used %.0f%% of their cores since %s", pop,
                100 * liveUtilisation(pop, held), "the last step"));
        while (network.edgeCount(pop) < edges) {
            network.addEdge(pop).forEach(s -> steps.add(stamp(System.nanoTime()) + s));
        }
        while (network.edgeCount(pop) > edges) {
            network.removeEdge(pop).forEach(s -> steps.add(stamp(System.nanoTime()) + s));
        }
        learnEdges();
        long waited = System.nanoTime() - held;
        if (startNanos >= 0) {
            startNanos += waited;
        }
        steps.add(stamp(System.nanoTime()) + String.format(Locale.ROOT, "%s has %d edge%s; the scenario's clock waited %.1f s for the change",
                pop, edges, edges == 1 ? "" : "s", waited / 1e9));
        cpuMarks.put(pop, new long[] {System.nanoTime(), network.edgeCpu(pop).toNanos()});
        steps.forEach(s -> progress.note("autoscale: " + s));
        return steps;
    }

    private String stamp(long nanos) {
        return String.format(Locale.ROOT, "[+%.1f s] ", firstNanos < 0 ? 0 : (nanos - firstNanos) / 1e9);
    }

    private long edgeCpuNanos() {
        return network.plan().edges().keySet().stream().mapToLong(p -> network.edgeCpu(p).toNanos()).sum();
    }

    /**
     * The CPU time the edge processes used from the first request on, per request answered and per
     * second: what the scenario's edge.cpu-per-request is checked against (it includes what an edge
     * spends whatever it serves, its cluster's heartbeats and statistics, and its compiler's work).
     */
    String edgeCpuUsed() {
        if (firstNanos < 0) {
            return "no request was sent";
        }
        double cpu = (edgeCpuNanos() - firstCpuNanos) / 1e9;
        double wall = (System.nanoTime() - firstNanos) / 1e9;
        return String.format(Locale.ROOT, "the edges used %.1f s of CPU in %.1f s (%.0f%% of a core): %.0f us per request answered", cpu, wall,
                100 * cpu / wall, 1e6 * cpu / Math.max(1, answered.get()));
    }

    /** Busy core time over available core time of the PoP's edges (one core each) since its last mark. */
    private double liveUtilisation(String pop, long now) {
        long[] mark = cpuMarks.getOrDefault(pop, new long[] {now, 0});
        long wall = now - mark[0];
        long cpu = network.edgeCpu(pop).toNanos() - mark[1];
        return wall <= 0 ? 0 : Math.max(0, (double) cpu / (wall * (double) network.edgeCount(pop)));
    }

    @Override
    public void setOriginUp(boolean up) {
        network.setOriginUp(up);
        progress.note(up ? "origin back up" : "origin down (answers 503)");
    }

    Future<Void> close() {
        return http.close();
    }
}
