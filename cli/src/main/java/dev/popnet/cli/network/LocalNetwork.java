package dev.popnet.cli.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.popnet.core.config.ConfigLoader;
import dev.popnet.core.routing.LatencyModel;
import dev.popnet.simulator.report.ComponentStats;
import dev.popnet.simulator.scenario.PopSpec;
import dev.popnet.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's CDN running for real on loopback, each server its own process (see {@link NetworkPlan}
 * for the addresses). With a latency model the edges reach their upstream through {@link DelayProxy}s
 * that hold bytes back by the path's one-way delay, and the origin takes the scenario's processing time.
 */
public final class LocalNetwork implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /**
     * How to run it: where configs and logs go; attached processes exit with this one; a latency model
     * (null: none) delays the edge-to-upstream paths.
     */
    public record Options(Path runDir, int dnsPort, String purgeToken, boolean attached, LatencyModel latency) {
    }

    private final NetworkPlan plan;
    private final Options options;
    private final Vertx vertx;
    private final List<DelayProxy> proxies = new ArrayList<>();
    private final Map<String, List<Component>> edges = new LinkedHashMap<>();
    private Component origin;
    private Component dns;
    /** The origin's fault API is off without a token; this run's own, so only this harness can use it. */
    private final String adminToken = newToken();

    private LocalNetwork(NetworkPlan plan, Options options, Vertx vertx) {
        this.plan = plan;
        this.options = options;
        this.vertx = vertx;
    }

    /** Starts every server and waits until each is ready (edges: their PoP cluster complete); on any failure stops what started. */
    public static LocalNetwork start(Scenario scenario, Options options, Vertx vertx) {
        LocalNetwork net = new LocalNetwork(NetworkPlan.of(scenario, options.dnsPort()), options, vertx);
        try {
            net.launchAll();
            return net;
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /**
     * The origin first, then each PoP's edges (a PoP is ready once its cluster is whole), then the DNS
     * router, each group ready before the next starts: a dozen JVMs starting at once on a small, busy
     * machine can each miss their own start deadline.
     */
    private void launchAll() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Path configs = options.runDir().resolve("config");
        Duration processing = options.latency() == null ? Duration.ZERO : plan.scenario.origin().processing();
        origin = launch(new Component.Spec("origin", "origin", List.of("origin", "-c", write(configs, "origin.yaml", plan.origin(processing))),
                Map.of("POPNET_ADMIN_TOKEN", adminToken), jvm(64L << 20), plan.originUrl() + "/health", body -> true));
        origin.awaitReady(deadline);
        for (Map.Entry<String, List<NetworkPlan.Edge>> pop : plan.edges.entrySet()) {
            String upstream = upstream(pop.getKey());
            List<Component> started = new ArrayList<>();
            for (NetworkPlan.Edge e : pop.getValue()) {
                String file = write(configs, "edge-" + e.node() + ".yaml", plan.edge(e, upstream));
                Map<String, String> env = options.purgeToken() == null ? Map.of() : Map.of("POPNET_PURGE_TOKEN", options.purgeToken());
                int size = pop.getValue().size();
                Component.Spec spec = new Component.Spec("edge", e.node(), List.of("edge", "-c", file), env,
                        jvm(plan.pop(e.pop()).capacity()), e.url() + "/stats", body -> size == 1 || members(body) == size);
                started.add(launch(spec));
            }
            edges.put(pop.getKey(), started);
            for (Component c : started) {
                c.awaitReady(deadline);
            }
        }
        dns = launch(new Component.Spec("dns", "dns", List.of("dns", "-c", write(configs, "dns.yaml", plan.dns())), Map.of(),
                jvm(64L << 20), plan.dnsStatsUrl() + "/stats", body -> true));
        dns.awaitReady(deadline);
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /** Heap for a server holding {@code cacheBytes}: the cache, twice over for copies in flight, plus room to run. */
    private static List<String> jvm(long cacheBytes) {
        long heapMiB = Math.max(128, (cacheBytes * 2 >> 20) + 96);
        // One core's worth of threads each, and C1 only: a dozen JVMs share the machine and must warm up fast.
        return List.of("-Xmx" + heapMiB + "m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ActiveProcessorCount=1", "-Xss512k",
                "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens",
                "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens",
                "java.management/sun.management=ALL-UNNAMED", "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "-XX:+ExitOnOutOfMemoryError"); // what Hazelcast asks for, and no half-alive server after an OutOfMemoryError
    }

    /** The PoP's upstream, through a delaying proxy when the network has latency. */
    private String upstream(String pop) {
        String direct = plan.directUpstream(pop);
        if (options.latency() == null) {
            return direct;
        }
        PopSpec spec = plan.pop(pop);
        var to = spec.parent() == null ? plan.scenario.origin().location() : plan.pop(spec.parent()).location();
        double oneWayMs = options.latency().rttMs(spec.location(), to) / 2;
        URI target = URI.create(direct);
        DelayProxy proxy = DelayProxy.start(vertx, "127.0.0.1", target.getHost(), target.getPort(),
                Duration.ofNanos(Math.round(oneWayMs * 1e6))).await();
        proxies.add(proxy);
        return "http://127.0.0.1:" + proxy.port();
    }

    private static int members(String statsBody) {
        try {
            JsonNode members = ConfigLoader.jsonMapper().readTree(statsBody).path("pop").path("members");
            return members.size();
        } catch (JsonProcessingException e) {
            return -1;
        }
    }

    private Component launch(Component.Spec spec) {
        return Component.launch(spec, options.runDir().resolve("logs"), options.attached());
    }

    private static String write(Path dir, String name, Object config) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            Files.writeString(file, ConfigLoader.yamlMapper().writeValueAsString(config));
            return file.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " to " + dir, e);
        }
    }

    public NetworkPlan plan() {
        return plan;
    }

    /** Every running component: origin, edges, DNS router. */
    public List<Component> components() {
        List<Component> all = new ArrayList<>();
        if (origin != null) {
            all.add(origin);
        }
        edges.values().forEach(all::addAll);
        if (dns != null) {
            all.add(dns);
        }
        return all;
    }

    /** Throws, with its log, if a component has exited without being asked to. */
    public void checkRunning() {
        for (Component c : components()) {
            if (c.failed()) {
                throw new IllegalStateException(c.failure("exited unexpectedly"));
            }
        }
    }

    /**
     * Crashes the PoP's edges (SIGKILL), or starts them again with empty caches and returns once they
     * are ready: a PoP that comes back at some moment of the scenario serves from that moment on.
     */
    public synchronized void setPopUp(String pop, boolean up) {
        List<Component> list = edges.get(pop);
        if (!up) {
            list.forEach(Component::kill);
            return;
        }
        List<Component> restarted = list.stream().map(c -> launch(c.spec())).toList();
        edges.put(pop, restarted);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        restarted.forEach(c -> c.awaitReady(deadline));
    }

    /** Takes the origin down (it refuses every request with 503) or back up, through its fault API. */
    public void setOriginUp(boolean up) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(plan.originUrl() + "/admin/" + (up ? "up" : "down")))
                .header("Authorization", "Bearer " + adminToken).POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> r = Component.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("origin refused " + request.uri() + ": " + r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the origin's fault API: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Every stats endpoint as it stands: the origin's, each edge's, each PoP's (through its first edge
     * that answers) and the DNS router's. An endpoint that cannot be read is kept with the reason.
     */
    public List<ComponentStats> collectStats() {
        List<ComponentStats> all = new ArrayList<>();
        all.add(fetch("origin", "origin", plan.originUrl() + "/stats"));
        for (Map.Entry<String, List<NetworkPlan.Edge>> pop : plan.edges.entrySet()) {
            for (NetworkPlan.Edge e : pop.getValue()) {
                all.add(fetch("edge", e.node(), e.url() + "/stats"));
            }
            if (pop.getValue().size() > 1) {
                ComponentStats popWide = null;
                for (NetworkPlan.Edge e : pop.getValue()) {
                    popWide = fetch("pop", pop.getKey(), e.url() + "/stats?scope=pop");
                    if (popWide.error() == null) {
                        break;
                    }
                }
                all.add(popWide);
            }
        }
        all.add(fetch("dns", "dns", plan.dnsStatsUrl() + "/stats"));
        return all;
    }

    private static ComponentStats fetch(String kind, String name, String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> r = Component.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return ComponentStats.failed(kind, name, url, "HTTP " + r.statusCode());
            }
            return ComponentStats.read(kind, name, url, ConfigLoader.jsonMapper().readTree(r.body()));
        } catch (IOException e) {
            return ComponentStats.failed(kind, name, url, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ComponentStats.failed(kind, name, url, "interrupted");
        }
    }

    /** Stops every process, all at once (each closes its servers), then the delaying proxies. */
    @Override
    public synchronized void close() {
        List<Component> all = components();
        all.forEach(Component::requestStop);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        all.forEach(c -> c.awaitStop(deadline));
        proxies.forEach(p -> p.close().await());
        proxies.clear();
    }
}
