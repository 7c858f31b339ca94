package dev.popnet.dns;

import dev.popnet.core.routing.Load;
import dev.popnet.core.routing.LoadMonitor;
import dev.popnet.core.time.Ticker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Reads each edge's /stats every {@code load.interval} (only for PoPs with a load mark) and turns its
 * cumulative {@code requests} and {@code bytes_out} into rates; a PoP's load is the sum over its edges
 * that answered. The rates feed the shared {@link LoadMonitor} (core.routing), whose hysteresis decides
 * which PoPs take new clients; a change moves the answers' epoch.
 */
final class LoadPoller {
    private final Vertx vertx;
    private final Supplier<DnsRouting> routing;
    private final HttpClientAgent client;
    private final AtomicLong epoch;
    private final Ticker ticker;
    private final Map<String, Load.Counters> lastCounters = new ConcurrentHashMap<>();
    private volatile LoadMonitor monitor;
    private long timer = -1;

    LoadPoller(Vertx vertx, Supplier<DnsRouting> routing, AtomicLong epoch, Ticker ticker) {
        this.vertx = vertx;
        this.routing = routing;
        this.epoch = epoch;
        this.ticker = ticker;
        this.client = vertx.createHttpClient();
        this.monitor = new LoadMonitor(routing.get().loadMarks(), routing.get().config.load().resumeBelow());
    }

    /** Starts polling with the current topology's marks, or re-applies them after a reload. */
    synchronized void apply() {
        DnsRouting r = routing.get();
        monitor = new LoadMonitor(r.loadMarks(), r.config.load().resumeBelow());
        epoch.incrementAndGet();
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        boolean marked = r.config.pops().stream().anyMatch(p -> !p.edges().isEmpty()
                && (p.capacity().requestsPerSecond() > 0 || p.capacity().bitsPerSecond() > 0));
        if (marked) {
            timer = vertx.setPeriodic(0, r.config.load().interval().toMillis(), id -> round());
        }
    }

    LoadMonitor monitor() {
        return monitor;
    }

    private void round() {
        DnsConfig config = routing.get().config;
        LoadMonitor m = monitor;
        for (DnsConfig.Pop pop : config.pops()) {
            if (pop.edges().isEmpty() || pop.capacity().requestsPerSecond() == 0 && pop.capacity().bitsPerSecond() == 0) {
                continue;
            }
            List<Future<Load>> rates = new ArrayList<>();
            for (DnsConfig.Edge e : pop.edges()) {
                rates.add(rate(e.http(), config.load().timeout().toMillis()));
            }
            Future.join(rates).onComplete(done -> {
                Load sum = Load.IDLE;
                int measured = 0;
                for (Future<Load> f : rates) {
                    if (f.succeeded() && f.result() != null) {
                        sum = sum.plus(f.result());
                        measured++;
                    }
                }
                if (measured > 0 && m.record(pop.name(), ticker.nanos(), sum)) { // no reading says nothing about load
                    epoch.incrementAndGet();
                }
            });
        }
    }

    /** One edge's rate since its previous reading (null for the first reading or after its counters reset). */
    private Future<Load> rate(String http, long timeoutMillis) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI("http://" + http + "/stats").setTimeout(timeoutMillis);
        return client.request(options).compose(req -> req.send()).compose(resp -> resp.body()).map(body -> {
            JsonObject stats = body.toJsonObject();
            Load.Counters now = new Load.Counters(ticker.nanos(), stats.getLong("requests", 0L), stats.getLong("bytes_out", 0L));
            Load.Counters before = lastCounters.put(http, now);
            return before == null ? null : Load.between(before, now);
        });
    }

    Map<String, LoadMonitor.State> snapshot() {
        return monitor.snapshot();
    }

    synchronized void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        client.close();
    }
}
