package dev.popnet.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.popnet.core.config.ConfigLoader;
import dev.popnet.core.config.Durations;
import dev.popnet.core.routing.LatencyModel;
import dev.popnet.dns.DnsConfig;
import dev.popnet.simulator.report.ComponentStats;
import dev.popnet.simulator.scenario.PopSpec;
import dev.popnet.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A scenario's CDN running for real on loopback, each server its own process (see {@link NetworkPlan}
 * for the addresses). With a latency model the edges reach their upstream through {@link DelayProxy}s
 * that hold bytes back by the path's one-way delay, and the origin takes the scenario's processing time.
 */
public final class LocalNetwork implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** How long a scaled-in edge fails /health before it stops: the DNS router's fall count of checks, and a margin. */
    private static final Duration DRAIN_TIME = NetworkPlan.DNS_HEALTH.interval().multipliedBy(NetworkPlan.DNS_HEALTH.fall() + 1);
    /** How long a change of the network (an edge started or drained, the router told) may take on a busy machine. */
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(90);

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
    /** The DNS router's admin API (topology changes), likewise. */
    private final String dnsToken = newToken();
    /** Where each PoP's misses go (a delaying proxy's address when the network has latency): new edges use the same. */
    private final Map<String, String> upstreams = new HashMap<>();

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
        Duration processing = options.latency() == null ? Duration.ZERO : plan.scenario.origin().processing();
        origin = launch(new Component.Spec("origin", "origin", List.of("origin", "-c", write(configs(), "origin.yaml", plan.origin(processing))),
                Map.of("POPNET_ADMIN_TOKEN", adminToken), jvm(64L << 20), plan.originUrl() + "/health", body -> true));
        origin.awaitReady(deadline);
        for (Map.Entry<String, List<NetworkPlan.Edge>> pop : plan.edges.entrySet()) {
            upstreams.put(pop.getKey(), upstream(pop.getKey()));
            List<Component> started = new ArrayList<>(pop.getValue().stream().map(this::launchEdge).toList());
            edges.put(pop.getKey(), started);
            for (Component c : started) {
                c.awaitReady(deadline);
            }
        }
        // The admin token lets this harness change the router's topology (scaling); it goes by environment, not in the file.
        dns = launch(new Component.Spec("dns", "dns", List.of("dns", "-c", write(configs(), "dns.yaml", plan.dns())),
                Map.of("POPNET_RELOAD_TOKEN", dnsToken), jvm(64L << 20), plan.dnsStatsUrl() + "/stats", body -> true));
        dns.awaitReady(deadline);
    }

    private Path configs() {
        return options.runDir().resolve("config");
    }

    /** Starts an edge as planned now (its PoP's members as they stand); ready once it sees all of them in its cluster. */
    private Component launchEdge(NetworkPlan.Edge e) {
        String file = write(configs(), "edge-" + e.node() + ".yaml", plan.edge(e, upstreams.get(e.pop())));
        Map<String, String> env = new HashMap<>();
        if (options.purgeToken() != null) {
            env.put("POPNET_PURGE_TOKEN", options.purgeToken());
        }
        if (plan.scenario.autoscale().enabled()) {
            env.put("POPNET_DRAIN_TIME", Durations.format(DRAIN_TIME)); // scale-in: SIGTERM fails /health first, then stops
        }
        int size = plan.edges.get(e.pop()).size();
        return launch(new Component.Spec("edge", e.node(), List.of("edge", "-c", file), env, jvm(plan.pop(e.pop()).capacity()),
                e.url() + "/stats", body -> size == 1 || members(body) == size));
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
     * are ready: a PoP that comes back at some moment of the scenario serves from that moment on. A
     * PoP that had scaled comes back numbered from 1, as the simulator's does, and the router is told.
     */
    public synchronized void setPopUp(String pop, boolean up) {
        List<Component> list = edges.get(pop);
        if (!up) {
            list.forEach(Component::kill);
            return;
        }
        List<NetworkPlan.Edge> planned = plan.edges.get(pop);
        boolean renumber = java.util.stream.IntStream.range(0, planned.size()).anyMatch(i -> planned.get(i).index() != i + 1);
        List<Component> restarted;
        if (renumber) {
            plan.renumber(pop, planned.size());
            restarted = plan.edges.get(pop).stream().map(this::launchEdge).toList();
        } else {
            restarted = list.stream().map(c -> launch(c.spec())).toList();
        }
        edges.put(pop, new ArrayList<>(restarted));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        restarted.forEach(c -> c.awaitReady(deadline));
        if (renumber) {
            tellDns(pop);
        }
    }

    public synchronized int edgeCount(String pop) {
        return edges.get(pop).size();
    }

    /**
     * Scale-out by one edge: it starts cold, joins the PoP's cluster (every member sees it, so it owns
     * the keys it wins from then on), and only then does the DNS router learn of it, through its admin
     * API, so it gets no client before it is part of the PoP. Returns each step, timed.
     */
    public synchronized List<String> addEdge(String pop) {
        List<String> steps = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + CHANGE_TIMEOUT.toNanos();
        NetworkPlan.Edge e = plan.addEdge(pop);
        Component c = launchEdge(e);
        edges.get(pop).add(c);
        c.awaitReady(deadline);
        int members = edges.get(pop).size();
        awaitMembers(pop, members, deadline);
        steps.add(String.format(Locale.ROOT, "%s started (pid %d) on %s and joined %s's cluster (%d members, each owning the keys it wins) in %.1f s",
                e.node(), c.pid(), e.url(), pop, members, seconds(start)));
        long told = System.nanoTime();
        tellDns(pop);
        String region = awaitAnswered(pop, e.host(), true, deadline);
        steps.add(String.format(Locale.ROOT, "DNS router told through PUT /admin/pops/%s/edges: %s%s in %.1f s", pop, plan.dnsEdges(pop).stream()
                .map(DnsConfig.Edge::address).toList(), region == null ? "" : "; its answer to " + region + "'s clients lists " + e.host(), seconds(told)));
        return steps;
    }

    /**
     * Scale-in by one edge, the newest: SIGTERM makes it fail its health check while it still serves,
     * until the DNS router stops answering it; then the router's topology drops it and it stops, its
     * keys going to the members left. Returns each step, timed.
     */
    public synchronized List<String> removeEdge(String pop) {
        List<String> steps = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + CHANGE_TIMEOUT.toNanos();
        List<Component> list = edges.get(pop);
        if (list.size() < 2) {
            throw new IllegalStateException("PoP " + pop + " has one edge left: it is not scaled in");
        }
        Component c = list.get(list.size() - 1);
        NetworkPlan.Edge e = plan.edges.get(pop).get(list.size() - 1);
        ComponentStats served = fetch("edge", e.node(), e.url() + "/stats");
        c.requestStop();
        String region = awaitAnswered(pop, e.host(), false, deadline);
        steps.add(String.format(Locale.ROOT, "%s, having served %d requests, draining (SIGTERM: /health answers 503)%s after %.1f s", e.node(),
                served.error() == null ? served.stats().path("requests").asLong() : -1,
                region == null ? "" : "; the DNS router no longer answers it to " + region + "'s clients", seconds(start)));
        long told = System.nanoTime();
        plan.removeNewestEdge(pop);
        list.remove(list.size() - 1);
        tellDns(pop);
        c.awaitStop(deadline);
        awaitMembers(pop, list.size(), deadline);
        steps.add(String.format(Locale.ROOT, "DNS router told through PUT /admin/pops/%s/edges: %s; %s stopped, %s's cluster has %d member%s, "
                + "taking its keys, %.1f s later", pop, plan.dnsEdges(pop).stream().map(DnsConfig.Edge::address).toList(), e.node(), pop,
                list.size(), list.size() == 1 ? "" : "s", seconds(told)));
        return steps;
    }

    /** CPU time the PoP's running edge processes have used so far (what their utilisation is read from). */
    public synchronized Duration edgeCpu(String pop) {
        return edges.get(pop).stream().map(c -> ProcessHandle.of(c.pid()).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    /** Replaces the PoP's edge list in the running DNS router with the plan's, through its authenticated admin API. */
    private void tellDns(String pop) {
        String body;
        try {
            body = ConfigLoader.jsonMapper().writeValueAsString(Map.of("edges", plan.dnsEdges(pop)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(plan.dnsStatsUrl() + "/admin/pops/" + pop + "/edges"))
                .header("Authorization", "Bearer " + dnsToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = send(request, "the DNS router's admin API");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the DNS router refused " + pop + "'s edges: " + r.statusCode() + " " + r.body());
        }
    }

    /** Until every running edge of the PoP counts {@code n} members in its cluster. */
    private void awaitMembers(String pop, int n, long deadlineNanos) {
        for (NetworkPlan.Edge e : plan.edges.get(pop)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(e.url() + "/stats")).timeout(Duration.ofSeconds(5)).build();
            awaitCondition(() -> n == 1 || members(send(request, e.node()).body()) == n, deadlineNanos,
                    () -> e.node() + " did not see " + n + " members in " + pop + "'s cluster in time");
        }
    }

    /**
     * Until the DNS router's answer, to the first region whose clients it sends to the PoP, does (or no
     * longer does) list {@code address}; returns that region, or null when the router sends no region there.
     */
    private String awaitAnswered(String pop, String address, boolean listed, long deadlineNanos) {
        List<String> hosts = plan.edges.get(pop).stream().map(NetworkPlan.Edge::host).toList();
        for (int r = 0; r < plan.scenario.regions().size(); r++) {
            int region = r;
            List<String> answer = dnsAnswerOrNone(region);
            if (answer.stream().noneMatch(a -> hosts.contains(a) || a.equals(address))) {
                continue;
            }
            awaitCondition(() -> dnsAnswerOrNone(region).contains(address) == listed, deadlineNanos,
                    () -> "the DNS router " + (listed ? "did not start" : "did not stop") + " answering " + address + " in time");
            return plan.scenario.regions().get(region).name();
        }
        return null;
    }

    /** The DNS router's A answer to a client of region {@code r} (the ECS of its networks, 10.r+1.0.0/16). */
    public List<String> dnsAnswer(int r) {
        try {
            SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
            resolver.setPort(plan.dnsPort());
            resolver.setTimeout(Duration.ofSeconds(2));
            resolver.setEDNS(0, 1232, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName("10." + (r + 1) + ".0.0"))));
            Message m = resolver.send(Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(NetworkPlan.HOSTNAME), Type.A, DClass.IN)));
            return java.util.Arrays.stream(m.getSectionArray(Section.ANSWER)).map(org.xbill.DNS.Record::rdataToString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("DNS query failed: " + e.getMessage(), e);
        }
    }

    /** As {@link #dnsAnswer}, with a query lost on a busy machine read as no answer yet (the caller asks again). */
    private List<String> dnsAnswerOrNone(int r) {
        try {
            return dnsAnswer(r);
        } catch (UncheckedIOException e) {
            return List.of();
        }
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, long deadlineNanos, java.util.function.Supplier<String> late) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException(late.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return Component.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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
        all.add(originStats());
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

    /** The origin's stats endpoint as it stands. */
    public ComponentStats originStats() {
        return fetch("origin", "origin", plan.originUrl() + "/stats");
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
