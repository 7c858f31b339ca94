package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.popnet.core.config.ConfigLoader;
import dev.popnet.edge.wire.RawOrigin;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An origin pool of real servers behind a real edge: balancing, active and passive health, retries. */
class OriginPoolTest {
    @TempDir
    Path dir;
    private final List<RawOrigin> origins = new ArrayList<>();
    private Vertx vertx;
    private EdgeServer edge;

    @AfterEach
    void stop() throws Exception {
        if (edge != null) {
            edge.close().await(10, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        for (RawOrigin o : origins) {
            o.close();
        }
    }

    private RawOrigin origin(String name, RawOrigin.Script script) throws Exception {
        RawOrigin o = RawOrigin.start(script);
        origins.add(o);
        return o;
    }

    private RawOrigin plain(String name) throws Exception {
        return origin(name, (req, reply) -> reply.ok(name, "Cache-Control: no-store"));
    }

    private void startEdge(String pool) throws Exception {
        vertx = Vertx.vertx();
        edge = EdgeServer.start(vertx, TestEdge.yaml(dir, """
                port: 0
                event-loops: 2
                origin-timeout: 2s
                pools:
                  p: %s
                sites:
                  - {hosts: ["*"], pool: p}
                """.formatted(pool))).await(10, TimeUnit.SECONDS);
    }

    private String servers() {
        return origins.stream().map(RawOrigin::url).collect(Collectors.joining(", ", "[", "]"));
    }

    private static long count(RawOrigin o, String prefix) {
        return o.requests().stream().filter(r -> r.target().startsWith(prefix)).count();
    }

    private JsonNode poolStats() throws Exception {
        return ConfigLoader.jsonMapper().readTree(TestEdge.get(edge, "/stats").body()).get("pools").get("p");
    }

    @Test
    void roundRobinTakesTurns() throws Exception {
        RawOrigin a = plain("a");
        RawOrigin b = plain("b");
        RawOrigin c = plain("c");
        startEdge("{servers: " + servers() + ", balance: round-robin}");
        for (int i = 0; i < 30; i++) {
            assertEquals(200, TestEdge.get(edge, "/rr/" + i).statusCode());
        }
        assertEquals(List.of(10L, 10L, 10L), List.of(count(a, "/rr/"), count(b, "/rr/"), count(c, "/rr/")));
    }

    @Test
    void consistentHashingSendsEachTargetToOneServer() throws Exception {
        for (String n : List.of("a", "b", "c")) {
            plain(n);
        }
        startEdge("{servers: " + servers() + ", balance: consistent-hash}");
        Map<String, String> owner = new ConcurrentHashMap<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 20; i++) {
                String body = TestEdge.get(edge, "/ch/" + i).body();
                String before = owner.putIfAbsent("/ch/" + i, body);
                assertTrue(before == null || before.equals(body), "/ch/" + i + " went to " + before + " and then to " + body);
            }
        }
        assertTrue(owner.values().stream().distinct().count() > 1, "the targets spread over the servers: " + owner);
    }

    @Test
    void leastConnectionsAvoidsTheServerThatIsStillBusy() throws Exception {
        RawOrigin slow = origin("slow", (req, reply) -> {
            Thread.sleep(400);
            reply.ok("slow", "Cache-Control: no-store");
        });
        RawOrigin fast = plain("fast");
        startEdge("{servers: " + servers() + ", balance: least-connections}");
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(TestEdge.CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + "/lc/" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
            Thread.sleep(10);
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            assertEquals(200, f.get(20, TimeUnit.SECONDS).statusCode());
        }
        assertTrue(count(slow, "/lc/") <= 5, "the busy server got " + count(slow, "/lc/") + " of 20, the idle one " + count(fast, "/lc/"));
    }

    @Test
    void aServerKilledUnderLoadCostsNoIdempotentRequest() throws Exception {
        for (String n : List.of("a", "b", "c")) {
            origin(n, (req, reply) -> {
                Thread.sleep(1); // requests overlap, so some are in flight when the server dies
                reply.ok(n, "Cache-Control: no-store");
            });
        }
        RawOrigin victim = origins.get(1);
        startEdge("{servers: " + servers() + ", max-fails: 1, fail-timeout: 60s, retries: 2}");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger seq = new AtomicInteger();
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            Thread th = new Thread(() -> {
                while (running.get()) {
                    String method = seq.get() % 3 == 0 ? "HEAD" : "GET";
                    try {
                        HttpResponse<String> r = TestEdge.send(edge, method, "/load/" + seq.incrementAndGet(), null);
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failures.add(method + " " + r.statusCode() + " " + r.body());
                        }
                    } catch (Exception e) {
                        failures.add(method + " " + e);
                    }
                }
            });
            th.start();
            load.add(th);
        }
        TestEdge.await("load before the kill", Duration.ofSeconds(30), () -> ok.get() >= 300);
        victim.close();
        long atKill = ok.get();
        long victimAtKill = victim.requests().size();
        TestEdge.await("load after the kill", Duration.ofSeconds(30), () -> ok.get() >= atKill + 600);
        running.set(false);
        for (Thread th : load) {
            th.join(30_000);
        }
        assertEquals(List.of(), failures, "no idempotent request failed");
        assertEquals(victimAtKill, victim.requests().size(), "the dead server got nothing more");
        JsonNode dead = poolStats().get(1);
        assertEquals(victim.url(), dead.get("server").asText());
        assertEquals(false, dead.get("in_service").asBoolean(), "a failed exchange took it out of service: " + dead);
        assertTrue(dead.get("failures").asLong() >= 1, dead.toString());
    }

    @Test
    void aRequestWithABodyIsNeverSentTwice() throws Exception {
        RawOrigin closing = origin("closing", (req, reply) -> reply.close());
        RawOrigin good = plain("good");
        startEdge("{servers: " + servers() + ", max-fails: 0}");
        int bad = 0;
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = TestEdge.send(edge, "POST", "/post/" + i, "x=" + i);
            bad += r.statusCode() == 502 ? 1 : 0;
        }
        assertEquals(2, bad, "the POSTs that met the closing server failed rather than went again");
        assertEquals(2, count(good, "/post/"));
        assertEquals(2, count(closing, "/post/"));
        for (int i = 0; i < 4; i++) {
            assertEquals(200, TestEdge.get(edge, "/get/" + i).statusCode(), "a GET goes on to the next server");
        }
        assertEquals(4, count(good, "/get/"));
    }

    @Test
    void activeHealthChecksTakeAServerOutAndBringItBack() throws Exception {
        AtomicBoolean sick = new AtomicBoolean();
        RawOrigin a = origin("a", (req, reply) -> {
            if (req.target().equals("/healthz")) {
                reply.status(sick.get() ? 503 : 200, "", "Cache-Control: no-store");
            } else {
                reply.ok("a", "Cache-Control: no-store");
            }
        });
        RawOrigin b = plain("b");
        startEdge("{servers: " + servers() + ", health: {path: /healthz, interval: 100ms, timeout: 1s, rise: 2, fall: 2}}");
        TestEdge.await("the first checks", Duration.ofSeconds(10), () -> a.requests().stream().anyMatch(r -> r.target().equals("/healthz")));
        sick.set(true);
        TestEdge.await("a out of service", Duration.ofSeconds(10), () -> !inService(0));
        long before = count(a, "/hc/");
        for (int i = 0; i < 10; i++) {
            assertEquals("b", TestEdge.get(edge, "/hc/" + i).body());
        }
        assertEquals(before, count(a, "/hc/"));
        sick.set(false);
        TestEdge.await("a back in service", Duration.ofSeconds(10), () -> inService(0));
        for (int i = 0; i < 10; i++) {
            TestEdge.get(edge, "/back/" + i);
        }
        assertEquals(5, count(a, "/back/"));
        assertEquals(5, count(b, "/back/"));
    }

    private boolean inService(int server) {
        try {
            return poolStats().get(server).get("in_service").asBoolean();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
