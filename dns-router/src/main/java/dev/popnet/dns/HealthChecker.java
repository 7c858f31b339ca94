package dev.popnet.dns;

import dev.popnet.core.routing.HealthTracker;
import dev.popnet.core.time.Ticker;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Checks each PoP's health URLs and each edge's /health every interval (timeout, rise/fall from config).
 * A PoP is healthy while at least one of its health URLs passes (if it has any) and at least one of its
 * edges does (if it has any). {@link #apply} re-reads the settings after a reload: the new interval,
 * rise and fall, and the PoP health recomputed at once from the new lists (so a PoP whose failing URLs
 * were removed is up again straight away). Every change of health moves the answers' epoch.
 */
final class HealthChecker {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HealthChecker.class);
    private final Vertx vertx;
    private final Supplier<DnsRouting> routing;
    private final HttpClientAgent client;
    private final AtomicLong epoch;
    private final Ticker ticker;
    private volatile HealthTracker tracker;
    private volatile Map<String, Boolean> popHealth = Map.of();
    private DnsConfig.Health settings;
    private long timer = -1;

    HealthChecker(Vertx vertx, Supplier<DnsRouting> routing, AtomicLong epoch, Ticker ticker) {
        this.vertx = vertx;
        this.routing = routing;
        this.epoch = epoch;
        this.ticker = ticker;
        this.client = vertx.createHttpClient();
        DnsConfig.Health h = routing.get().config.health();
        this.tracker = new HealthTracker(h.rise(), h.fall(), ticker);
        this.settings = h;
    }

    /** Starts checking with the current topology's settings, or re-applies them after a reload. */
    synchronized void apply() {
        DnsConfig.Health h = routing.get().config.health();
        if (settings.rise() != h.rise() || settings.fall() != h.fall()) {
            tracker = new HealthTracker(h.rise(), h.fall(), ticker);
        }
        settings = h;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        recompute();
        timer = vertx.setPeriodic(0, h.interval().toMillis(), id -> round());
    }

    private void round() {
        DnsConfig config = routing.get().config;
        for (DnsConfig.Pop pop : config.pops()) {
            pop.healthUrls().forEach(url -> check(url, config));
            pop.edges().forEach(e -> check(edgeUrl(e.http()), config));
        }
    }

    private void check(String url, DnsConfig config) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setTimeout(config.health().timeout().toMillis());
        client.request(options).compose(req -> req.send()).compose(resp -> resp.body().map(b -> resp.statusCode() == 200))
                .onComplete(ar -> {
                    if (tracker.record(url, ar.succeeded() && ar.result())) {
                        recompute();
                    }
                });
    }

    private synchronized void recompute() {
        Map<String, Boolean> next = new HashMap<>();
        HealthTracker t = tracker;
        for (DnsConfig.Pop p : routing.get().config.pops()) {
            boolean urls = p.healthUrls().isEmpty() || p.healthUrls().stream().anyMatch(t::healthy);
            boolean edges = p.edges().isEmpty() || p.edges().stream().anyMatch(e -> t.healthy(edgeUrl(e.http())));
            next.put(p.name(), urls && edges);
        }
        Map<String, Boolean> before = popHealth;
        next.forEach((pop, healthy) -> {
            if (!healthy.equals(before.get(pop))) { // the first result, then every change
                if (healthy) {
                    LOG.info("PoP {} is healthy", pop);
                } else {
                    LOG.warn("PoP {} is down: no edge passes its health check", pop);
                }
            }
        });
        popHealth = Map.copyOf(next);
        epoch.incrementAndGet();
    }

    static String edgeUrl(String http) {
        return "http://" + http + "/health";
    }

    boolean healthy(String pop) {
        return popHealth.getOrDefault(pop, true);
    }

    boolean edgeHealthy(String http) {
        return tracker.healthy(edgeUrl(http));
    }

    Map<String, Boolean> snapshot() {
        Map<String, Boolean> out = new TreeMap<>();
        routing.get().config.pops().forEach(p -> out.put(p.name(), healthy(p.name())));
        return out;
    }

    synchronized void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        client.close();
    }
}
