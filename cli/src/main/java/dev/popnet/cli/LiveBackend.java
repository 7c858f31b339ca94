package dev.popnet.cli;

import dev.popnet.cli.network.LocalNetwork;
import dev.popnet.cli.network.NetworkPlan;
import dev.popnet.core.routing.GeoPoint;
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
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A live run's clients: DNS questions to the real router (with the ECS of the region nearest to the
 * asking resolver), then HTTP requests for the CDN's hostname to the chosen edge, classified by its
 * Cache-Status. Each request leaves when the scenario's clock (sped up by {@code speed}) says, and
 * waits half the client's round trip before it is sent and half again, plus the body's transfer
 * time, after the answer: the latency the scenario models, injected on a real path.
 */
final class LiveBackend implements Backend {
    private final Scenario scenario;
    private final LocalNetwork network;
    private final Vertx vertx;
    private final double speed;
    private final int maxInFlight;
    private final Map<String, NetworkPlan.Edge> edgesByNode = new HashMap<>();
    private final HttpClient http;
    private final SimpleResolver resolver;
    private final LiveProgress progress;
    private final AtomicLong inFlight = new AtomicLong();
    private long startNanos = -1;

    /**
     * @param speed       how many times faster than the scenario's clock requests leave; 0 = as fast
     *                    as {@code maxInFlight} allows
     * @param maxInFlight requests out at once; more wait (the run falls behind and says so)
     */
    LiveBackend(Scenario scenario, LocalNetwork network, Vertx vertx, double speed, int maxInFlight, LiveProgress progress)
            throws IOException {
        this.scenario = scenario;
        this.network = network;
        this.vertx = vertx;
        this.speed = speed;
        this.maxInFlight = maxInFlight;
        this.progress = progress;
        network.plan().edges().values().forEach(list -> list.forEach(e -> edgesByNode.put(e.node(), e)));
        // A crashed edge resets its connections: the requests on them fail and are counted, so the
        // connection's own report would only repeat them on stderr.
        http = vertx.httpClientBuilder().with(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000).setIdleTimeout(60))
                .with(new PoolOptions().setHttp1MaxSize(Math.max(8, maxInFlight / 4)))
                .withConnectHandler(connection -> connection.exceptionHandler(e -> { })).build();
        resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
        resolver.setPort(network.plan().dnsPort());
        resolver.setTimeout(Duration.ofSeconds(2));
    }

    @Override
    public String name() {
        return "live";
    }

    @Override
    public String resolve(int regionIndex, GeoPoint asking) {
        int subnet = nearestRegion(asking) + 1;
        try {
            resolver.setEDNS(0, 1232, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName("10." + subnet + ".0.0"))));
            Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(NetworkPlan.HOSTNAME), Type.A, DClass.IN)));
            Record[] records = answer.getSectionArray(Section.ANSWER);
            if (records.length == 0) {
                throw new IllegalStateException("the DNS router answered no address: " + answer);
            }
            return network.plan().popOf(records[0].rdataToString());
        } catch (IOException e) {
            throw new IllegalStateException("DNS query failed: " + e.getMessage(), e);
        }
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
            startNanos = now;
        }
        network.checkRunning();
        long due = speed > 0 ? startNanos + (long) (virtualNanos / speed) : now;
        while (System.nanoTime() < due || inFlight.get() >= maxInFlight) {
            LockSupport.parkNanos(Math.max(50_000, Math.min(due - System.nanoTime(), 1_000_000)));
        }
        progress.sent(Math.max(0, System.nanoTime() - due), inFlight.get());
    }

    @Override
    public CompletionStage<Outcome> fetch(String pop, String edge, Request request, double rttMs, double transferMs) {
        NetworkPlan.Edge e = edgesByNode.get(edge);
        String uri = uri(scenario, request);
        long issued = System.nanoTime();
        long halfRtt = Math.round(rttMs * 1e6 / 2);
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        inFlight.incrementAndGet();
        after(halfRtt, () -> http.request(HttpMethod.GET, e.port(), e.host(), uri)
                .compose(req -> req.authority(HostAndPort.authority(NetworkPlan.HOSTNAME_NO_DOT)).send())
                .compose(resp -> resp.body().map(body -> served(pop, resp)))
                .onComplete(ar -> after(halfRtt + Math.round(transferMs * 1e6), () -> {
                    Served served = ar.succeeded() ? ar.result() : Served.FAILED;
                    inFlight.decrementAndGet();
                    progress.done(served == Served.FAILED);
                    result.complete(new Outcome(served, (System.nanoTime() - issued) / 1e6));
                })));
        return result;
    }

    /**
     * What the origin is asked for a request: the object with its size and, as the simulator's origin
     * answers it, its class's Cache-Control (or the trace's TTL), surrogate key and change interval.
     */
    static String uri(Scenario scenario, Request request) {
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
        progress.note("PoP " + pop + (up ? ": edges started again (cold caches)" : ": edges killed"));
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
