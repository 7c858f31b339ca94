package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.popnet.core.cache.ObjectVersions;
import dev.popnet.core.config.ConfigLoader;
import dev.popnet.core.http.CacheStatus;
import dev.popnet.core.time.ManualTicker;
import dev.popnet.edge.EdgeConfig;
import dev.popnet.edge.EdgeServer;
import dev.popnet.live.LiveBackend;
import dev.popnet.origin.OriginConfig;
import dev.popnet.origin.OriginServer;
import dev.popnet.simulator.engine.RequestOutcome;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.scenario.Scenario;
import dev.popnet.simulator.workload.Request;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One request sequence — mixed TTLs, no-store, stale-while-revalidate, objects that change, a purge —
 * through a real origin and edge on loopback and through the simulator: each request ends the same way
 * (hit, miss, revalidated with a 304, refreshed with a 200, stale, bypass). Both servers run on one
 * manual clock the test moves between requests, and the origin's objects change by that clock as the
 * simulator's do ({@link ObjectVersions}), so the comparison is exact and independent of the machine's pace.
 */
class SameOutcomesTest {
    private static final String SCENARIO = """
            name: same-outcomes
            seed: 1
            requests: 100
            warmup-fraction: 0
            routing: {strategy: nearest}
            origin: {location: {lat: 51.51, lon: -0.13}, processing: 1ms, concurrency: 64}
            pops:
              - {name: lon, location: {lat: 51.51, lon: -0.13}, edges: 1, capacity: 8MiB, policy: lru}
            regions:
              - {name: london, location: {lat: 51.51, lon: -0.13}, share: 1}
            workload:
              rate: 10
              classes:
                - {name: static, share: 0.25, objects: 3, alpha: 0.9, sizes: {type: fixed, bytes: 2048}, cache-control: "public, max-age=30"}
                - {name: short, share: 0.25, objects: 3, alpha: 0.9, sizes: {type: fixed, bytes: 2048}, cache-control: "public, max-age=4",
                   change-interval: 20s}
                - {name: news, share: 0.25, objects: 3, alpha: 0.9, sizes: {type: fixed, bytes: 2048},
                   cache-control: "public, max-age=4, stale-while-revalidate=6", change-interval: 20s}
                - {name: api, share: 0.25, objects: 3, alpha: 0.9, sizes: {type: fixed, bytes: 2048}, cache-control: "no-store"}
            events:
              - {type: purge, url: /static/1, at: 24s}
            """;
    /** Ids by class: static 1-3, short 4-6, news 7-9, api 10-12. */
    private static final long STATIC_1 = 1, STATIC_2 = 2, SHORT = 4, NEWS = 7, API = 10;
    private static final long PURGE_AT_MS = 24_000;
    /** 2026-01-01T00:00:00Z, a whole number of change intervals, so the live and the virtual clock see the same changes. */
    private static final long EPOCH_NANOS = 1_767_225_600_000_000_000L;

    @Test
    void liveEdgeAndSimulatorEndEveryRequestTheSameWay(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("same-outcomes.yaml");
        Files.writeString(file, SCENARIO);
        Scenario scenario = Scenario.load(file);
        // {ms, id}: at half seconds, ages are never a whole TTL apart, and no object changes within half a second of being asked for
        long[][] sequence = {{500, STATIC_1}, {1500, STATIC_1}, {2500, SHORT}, {3500, SHORT}, {4500, NEWS}, {5500, STATIC_2}, {6500, API},
                {7500, API}, {8500, SHORT}, {9500, SHORT}, {11_500, NEWS}, {12_500, NEWS}, {16_500, SHORT}, {18_500, NEWS}, {22_500, SHORT},
                {24_500, STATIC_1}, {25_500, STATIC_1}, {26_500, NEWS}, {27_500, NEWS}, {28_500, STATIC_2}, {40_500, NEWS}};
        List<Request> requests = new ArrayList<>();
        for (long[] r : sequence) {
            int c = (int) ((r[1] - 1) / 3);
            requests.add(new Request(r[0] * 1_000_000, r[1], 2048, c, -1));
            long every = scenario.workload().classes().get(c).changeInterval() == null ? 0
                    : scenario.workload().classes().get(c).changeInterval().toNanos();
            assertEquals(ObjectVersions.at(r[1], every, (r[0] - 500) * 1_000_000), ObjectVersions.at(r[1], every, (r[0] + 500) * 1_000_000),
                    "the sequence keeps clear of object changes: " + r[0] + " ms, object " + r[1]);
        }

        List<CacheStatus> simulated = Simulation.outcomes(scenario, requests).stream().map(RequestOutcome::status).toList();
        List<CacheStatus> live = live(scenario, requests, dir);

        assertEquals(List.of(CacheStatus.MISS, CacheStatus.HIT, CacheStatus.MISS, CacheStatus.HIT, CacheStatus.MISS, CacheStatus.MISS,
                CacheStatus.BYPASS, CacheStatus.BYPASS, CacheStatus.REVALIDATED, CacheStatus.HIT, CacheStatus.STALE, CacheStatus.HIT,
                CacheStatus.EXPIRED, CacheStatus.STALE, CacheStatus.REVALIDATED, CacheStatus.MISS, CacheStatus.HIT, CacheStatus.STALE,
                CacheStatus.HIT, CacheStatus.HIT, CacheStatus.EXPIRED), simulated, "the simulator's outcomes, one by one");
        assertEquals(simulated, live, "live outcomes, request by request, against the simulator's");
    }

    /** The sequence against a real origin and edge sharing one manual clock; outcomes read from each answer's Cache-Status. */
    private static List<CacheStatus> live(Scenario scenario, List<Request> requests, Path dir) throws Exception {
        ManualTicker clock = new ManualTicker(EPOCH_NANOS);
        Vertx vertx = Vertx.vertx();
        AtomicLong originAnswers = new AtomicLong();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        try {
            Path originYaml = dir.resolve("origin.yaml");
            Files.writeString(originYaml, "host: 127.0.0.1\nport: 0\n");
            OriginServer origin = OriginServer.start(vertx, ConfigLoader.load(OriginConfig.class, originYaml), e -> originAnswers.incrementAndGet(),
                    clock).await(20, TimeUnit.SECONDS);
            Path edgeYaml = dir.resolve("edge.yaml");
            Files.writeString(edgeYaml, "host: 127.0.0.1\nport: 0\norigin: http://127.0.0.1:" + origin.port() + "\nnode: lon-e1\n"
                    + "capacity: 8MiB\npolicy: lru\nmax-object-size: 1MiB\npurge-token: tok\nevent-loops: 1\n");
            EdgeServer edge = EdgeServer.start(vertx, ConfigLoader.load(EdgeConfig.class, edgeYaml), null, clock).await(20, TimeUnit.SECONDS);
            String base = "http://127.0.0.1:" + edge.port();
            List<CacheStatus> out = new ArrayList<>();
            boolean purged = false;
            for (Request r : requests) {
                long atMs = r.timeNanos() / 1_000_000;
                if (!purged && atMs > PURGE_AT_MS) {
                    clock.setNanos(EPOCH_NANOS + PURGE_AT_MS * 1_000_000);
                    HttpResponse<String> p = client.send(HttpRequest.newBuilder(URI.create(base + "/purge")).header("Authorization", "Bearer tok")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"" + LiveBackend.uri(scenario, requests.get(0)) + "\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, p.statusCode(), p.body());
                    purged = true;
                }
                clock.setNanos(EPOCH_NANOS + r.timeNanos());
                HttpResponse<byte[]> resp = client.send(HttpRequest.newBuilder(URI.create(base + LiveBackend.uri(scenario, r)))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, resp.statusCode(), "request at " + atMs + " ms");
                assertEquals(r.size(), resp.body().length);
                out.add(outcome(resp.headers().firstValue("Cache-Status").orElse("")));
                // A stale-while-revalidate answer leaves a refresh going: the clock moves on only once it is stored.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (edge.fetchesInFlight() > 0) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("a refresh never finished after the request at " + atMs + " ms");
                    }
                    Thread.sleep(5);
                }
            }
            edge.close().await(10, TimeUnit.SECONDS);
            origin.close().await(10, TimeUnit.SECONDS);
            return out;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** RFC 9211 Cache-Status of one cache, read back into the outcome it names. */
    static CacheStatus outcome(String cacheStatus) {
        String fwd = null;
        boolean hit = false;
        boolean collapsed = false;
        long ttl = Long.MAX_VALUE;
        int fwdStatus = 0;
        for (String part : cacheStatus.split(";")) {
            String p = part.strip();
            if (p.equals("hit")) {
                hit = true;
            } else if (p.equals("collapsed")) {
                collapsed = true;
            } else if (p.startsWith("fwd=")) {
                fwd = p.substring(4);
            } else if (p.startsWith("fwd-status=")) {
                fwdStatus = Integer.parseInt(p.substring(11));
            } else if (p.startsWith("ttl=")) {
                ttl = Long.parseLong(p.substring(4));
            }
        }
        if (hit) {
            return ttl > 0 ? CacheStatus.HIT : CacheStatus.STALE;
        }
        if (fwd == null) {
            throw new AssertionError("no outcome in Cache-Status: " + cacheStatus);
        }
        return switch (fwd) {
            case "uri-miss" -> collapsed ? CacheStatus.COLLAPSED : CacheStatus.MISS;
            case "stale" -> fwdStatus == 304 ? CacheStatus.REVALIDATED : CacheStatus.EXPIRED;
            default -> CacheStatus.BYPASS;
        };
    }
}
