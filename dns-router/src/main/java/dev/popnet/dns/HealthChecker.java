package dev.popnet.dns;

import dev.popnet.core.routing.HealthTracker;
import dev.popnet.core.routing.HealthView;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Checks every edge's /health URL each interval (timeout, rise/fall from config). A PoP is healthy
 * while at least one of its edges is; a PoP without health URLs is taken as healthy.
 */
final class HealthChecker implements HealthView {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HealthChecker.class);
    private final Vertx vertx;
    private final Supplier<DnsRouting> routing;
    private final HttpClientAgent client;
    private final Map<String, Boolean> popHealth = new ConcurrentHashMap<>();
    private volatile HealthTracker tracker;
    private long timer = -1;

    HealthChecker(Vertx vertx, Supplier<DnsRouting> routing) {
        this.vertx = vertx;
        this.routing = routing;
        this.client = vertx.createHttpClient();
        DnsConfig.Health h = routing.get().config.health();
        this.tracker = new HealthTracker(h.rise(), h.fall(), dev.popnet.core.time.Ticker.system());
    }

    void start() {
        timer = vertx.setPeriodic(0, routing.get().config.health().interval().toMillis(), id -> round());
    }

    private void round() {
        DnsConfig config = routing.get().config;
        for (DnsConfig.Pop pop : config.pops()) {
            for (String url : pop.healthUrls()) {
                RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                        .setTimeout(config.health().timeout().toMillis());
                client.request(options).compose(req -> req.send()).compose(resp -> resp.body().map(b -> resp.statusCode() == 200))
                        .onComplete(ar -> {
                            tracker.record(url, ar.succeeded() && ar.result());
                            boolean healthy = pop.healthUrls().stream().anyMatch(tracker::healthy);
                            Boolean before = popHealth.put(pop.name(), healthy);
                            if (before == null || before != healthy) { // the first result, then every change
                                String why = url + (ar.succeeded() ? (ar.result() ? " passes" : " answers but not 200") : " unreachable");
                                if (healthy) {
                                    LOG.info("PoP {} is healthy ({})", pop.name(), why);
                                } else {
                                    LOG.warn("PoP {} is down: no edge passes its health check ({})", pop.name(), why);
                                }
                            }
                        });
            }
        }
    }

    @Override
    public boolean healthy(String pop) {
        return popHealth.getOrDefault(pop, true);
    }

    Map<String, Boolean> snapshot() {
        Map<String, Boolean> out = new java.util.TreeMap<>();
        routing.get().config.pops().forEach(p -> out.put(p.name(), healthy(p.name())));
        return out;
    }

    void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        client.close();
    }
}
