package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.popnet.origin.FaultSettings;
import dev.popnet.origin.OriginConfig;
import dev.popnet.origin.OriginServer;
import dev.popnet.origin.SyntheticObject;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real origin and a real edge on loopback; every request is real HTTP. */
class EdgeIntegrationTest {
    static final String TOKEN = "s3cret";
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static Vertx vertx;
    static OriginServer origin;
    static EdgeServer edge;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        origin = OriginServer.start(vertx, OriginConfig.defaults().withPort(0)).await(10, TimeUnit.SECONDS);
        edge = startEdge(4L << 20, "wtinylfu", Duration.ofSeconds(2));
    }

    static EdgeServer startEdge(long capacity, String policy, Duration timeout) throws Exception {
        EdgeConfig c = EdgeConfig.defaults().with(0, "http://127.0.0.1:" + origin.port(), capacity, policy, TOKEN);
        c = new EdgeConfig(c.host(), c.port(), c.origin(), "edge-test", c.capacity(), c.policy(), 1L << 20, c.heuristicCap(),
                List.of("utm_source"), false, timeout, timeout.multipliedBy(3), 64, Duration.ofDays(1), List.of("/admin/"), TOKEN, 2, null, null);
        return EdgeServer.start(vertx, c).await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void heal() {
        origin.faults().reset();
        edge.checkInvariants();
    }

    @AfterAll
    static void stop() throws Exception {
        edge.close().await(10, TimeUnit.SECONDS);
        origin.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return send(edge, "GET", path, null, headers);
    }

    static HttpResponse<byte[]> send(EdgeServer e, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String status(HttpResponse<?> r) {
        return r.headers().firstValue("Cache-Status").orElse("");
    }

    static long originStatus(int code) throws Exception {
        HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + origin.port() + "/stats")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        JsonNode n = new ObjectMapper().readTree(r.body()).get("status").get(String.valueOf(code));
        return n == null ? 0 : n.asLong();
    }

    static byte[] expected(String id, int size) {
        return SyntheticObject.bytes(SyntheticObject.seed(SyntheticObject.idOf(id), 0, null), 0, size);
    }

    @Test
    void hitAfterMissWithIdenticalBytes() throws Exception {
        long before = origin.requestCount();
        HttpResponse<byte[]> miss = get("/obj/hit1?size=5000&ttl=60");
        HttpResponse<byte[]> hit = get("/obj/hit1?size=5000&ttl=60&utm_source=mail");
        assertEquals(200, miss.statusCode());
        assertTrue(status(miss).contains("fwd=uri-miss") && status(miss).contains("stored"), status(miss));
        assertTrue(status(hit).startsWith("edge-test; hit; ttl="), status(hit));
        assertArrayEquals(expected("hit1", 5000), miss.body());
        assertArrayEquals(expected("hit1", 5000), hit.body());
        assertEquals(1, origin.requestCount() - before, "one origin request; the ignored parameter shares the key");
        assertTrue(hit.headers().firstValue("Via").orElse("").contains("1.1 edge-test"));
        assertTrue(Long.parseLong(hit.headers().firstValue("Age").orElseThrow()) >= 0);
    }

    @Test
    void revalidationIsAConditionalRequestAnsweredWith304() throws Exception {
        get("/obj/reval?size=100&cc=no-cache");
        long before = originStatus(304);
        HttpResponse<byte[]> r = get("/obj/reval?size=100&cc=no-cache");
        assertEquals(200, r.statusCode());
        assertTrue(status(r).contains("fwd=stale; fwd-status=304"), status(r));
        assertEquals(before + 1, originStatus(304), "the origin saw a conditional request and answered 304");
        assertArrayEquals(expected("reval", 100), r.body());
    }

    @Test
    void varyKeepsOneVariantPerHeaderValue() throws Exception {
        HttpResponse<byte[]> gzip = get("/obj/vary?size=64&ttl=60&vary=Accept-Encoding", "Accept-Encoding", "gzip");
        HttpResponse<byte[]> br = get("/obj/vary?size=64&ttl=60&vary=Accept-Encoding", "Accept-Encoding", "br");
        HttpResponse<byte[]> gzipAgain = get("/obj/vary?size=64&ttl=60&vary=Accept-Encoding", "Accept-Encoding", "gzip");
        assertTrue(status(br).contains("fwd=uri-miss"), "another variant is a miss: " + status(br));
        assertTrue(status(gzipAgain).contains("hit"), status(gzipAgain));
        assertArrayEquals(gzip.body(), gzipAgain.body());
        assertFalse(Arrays.equals(gzip.body(), br.body()));
        assertTrue(status(get("/obj/varystar?size=10&ttl=60&vary=*")).contains("detail=vary-star"));
    }

    @Test
    void staleIfErrorServesStaleWhileTheOriginIsDown() throws Exception {
        get("/obj/sie?size=300&cc=max-age=0,stale-if-error=600");
        origin.faults().down();
        HttpResponse<byte[]> r = get("/obj/sie?size=300&cc=max-age=0,stale-if-error=600");
        assertEquals(200, r.statusCode());
        assertTrue(status(r).contains("hit"), status(r));
        assertArrayEquals(expected("sie", 300), r.body());
        HttpResponse<byte[]> nothingStale = get("/obj/nostale?size=10&ttl=60");
        assertEquals(502, nothingStale.statusCode(), "nothing stored: a clear 502");
    }

    @Test
    void staleWhileRevalidateServesAtOnceAndRefreshesOnce() throws Exception {
        get("/obj/swr?size=200&cc=max-age=0,stale-while-revalidate=600");
        long before = originStatus(304);
        HttpResponse<byte[]> r = get("/obj/swr?size=200&cc=max-age=0,stale-while-revalidate=600");
        assertTrue(status(r).contains("hit") && status(r).contains("ttl=-") || status(r).contains("ttl=0"), status(r));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (originStatus(304) == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(before + 1, originStatus(304), "one background revalidation");
    }

    @Test
    void thousandConcurrentMissesMakeOneOriginRequest() throws Exception {
        origin.faults().set(new FaultSettings(Duration.ofMillis(500), Duration.ZERO, 0, 503, false, 0));
        long before = origin.requestCount();
        List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + "/obj/crowd?size=2000&ttl=60"))
                .timeout(Duration.ofSeconds(30)).build();
        for (int i = 0; i < 1000; i++) {
            all.add(CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()));
        }
        byte[] want = expected("crowd", 2000);
        int collapsed = 0;
        int leaders = 0;
        for (CompletableFuture<HttpResponse<byte[]>> f : all) {
            HttpResponse<byte[]> r = f.get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertArrayEquals(want, r.body());
            String cs = status(r);
            collapsed += cs.contains("collapsed") ? 1 : 0;
            leaders += cs.contains("fwd=uri-miss") && !cs.contains("collapsed") ? 1 : 0;
            assertTrue(cs.contains("collapsed") || cs.contains("hit") || cs.contains("fwd=uri-miss"), cs);
        }
        assertEquals(1, origin.requestCount() - before, "exactly one origin request");
        assertEquals(1, leaders, "one request fetched; the rest waited for it (collapsed) or came after it (hit)");
        assertTrue(collapsed > 0, "some requests waited for the fetch in flight");
    }

    @Test
    void purgeNeedsTheTokenAndRemovesByUrlPrefixAndSurrogateKey() throws Exception {
        get("/obj/p1?size=10&ttl=60");
        get("/obj/p2?size=10&ttl=60&surrogate-key=blue%20green");
        get("/obj/p3?size=10&ttl=60&surrogate-key=green");
        assertEquals(401, send(edge, "POST", "/purge", "{\"url\":\"/obj/p1?size=10&ttl=60\"}").statusCode());
        assertEquals(401, send(edge, "POST", "/purge", "{\"url\":\"/obj/p1?size=10&ttl=60\"}", "Authorization", "Bearer wrong").statusCode());
        assertTrue(status(get("/obj/p1?size=10&ttl=60")).contains("hit"), "nothing purged without the token");
        HttpResponse<byte[]> ok = send(edge, "POST", "/purge", "{\"url\":\"/obj/p1?size=10&ttl=60\"}", "Authorization", "Bearer " + TOKEN);
        assertEquals(200, ok.statusCode());
        assertEquals(1, new ObjectMapper().readTree(ok.body()).get("purged").asInt());
        assertTrue(status(get("/obj/p1?size=10&ttl=60")).contains("fwd=uri-miss"));
        HttpResponse<byte[]> tag = send(edge, "POST", "/purge", "{\"surrogate-key\":\"green\"}", "Authorization", "Bearer " + TOKEN);
        assertEquals(2, new ObjectMapper().readTree(tag.body()).get("purged").asInt());
        get("/obj/p4?size=10&ttl=60");
        HttpResponse<byte[]> prefix = send(edge, "POST", "/purge", "{\"prefix\":\"/obj/p\"}", "Authorization", "Bearer " + TOKEN);
        assertTrue(new ObjectMapper().readTree(prefix.body()).get("purged").asInt() >= 2);
        assertEquals(400, send(edge, "POST", "/purge", "{}", "Authorization", "Bearer " + TOKEN).statusCode());
    }

    @Test
    void rangesAndConditionalsAreAnsweredFromTheStoredObject() throws Exception {
        HttpResponse<byte[]> full = get("/obj/range?size=1000&ttl=60");
        HttpResponse<byte[]> part = get("/obj/range?size=1000&ttl=60", "Range", "bytes=100-199");
        assertEquals(206, part.statusCode());
        assertTrue(status(part).contains("hit"), status(part));
        assertEquals("bytes 100-199/1000", part.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(expected("range", 1000), 100, 200), part.body());
        assertEquals(416, get("/obj/range?size=1000&ttl=60", "Range", "bytes=5000-").statusCode());
        HttpResponse<byte[]> notModified = get("/obj/range?size=1000&ttl=60", "If-None-Match", full.headers().firstValue("ETag").orElseThrow());
        assertEquals(304, notModified.statusCode());
        assertEquals(0, notModified.body().length);
    }

    @Test
    void memoryStaysBoundedWhileTenTimesTheCapacityStreamsThrough() throws Exception {
        EdgeServer small = startEdge(1L << 20, "lru", Duration.ofSeconds(2));
        try {
            long capacity = 1L << 20;
            for (int i = 0; i < 100; i++) {
                HttpResponse<byte[]> r = send(small, "GET", "/obj/bulk" + i + "?size=100000&ttl=60", null);
                assertEquals(100_000, r.body().length, () -> new String(r.body()));
                assertTrue(small.storedBytes() <= capacity, "stored " + small.storedBytes());
            }
            small.checkInvariants();
            assertTrue(small.storedBytes() > capacity / 2, "the store is used, not empty: " + small.storedBytes());
            // Larger than max-object-size (1 MiB here): streamed through, never stored.
            HttpRequest big = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + small.port() + "/obj/huge?size=20000000&ttl=60")).build();
            HttpResponse<InputStream> r = CLIENT.send(big, HttpResponse.BodyHandlers.ofInputStream());
            assertTrue(r.headers().firstValue("Cache-Status").orElse("").contains("detail=too-large"));
            long total = 0;
            try (InputStream in = r.body()) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                }
            }
            assertEquals(20_000_000, total);
            assertTrue(small.storedBytes() <= capacity);
        } finally {
            small.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void originTimeoutGives504() throws Exception {
        EdgeServer impatient = startEdge(1L << 20, "lru", Duration.ofMillis(300));
        try {
            origin.faults().set(new FaultSettings(Duration.ofSeconds(2), Duration.ZERO, 0, 503, false, 0));
            HttpResponse<byte[]> r = send(impatient, "GET", "/obj/slow?size=10&ttl=60", null);
            assertEquals(504, r.statusCode());
        } finally {
            impatient.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void privateAndNoStoreAreNeverStored() throws Exception {
        assertTrue(status(get("/obj/priv?size=10&cc=private,max-age=60")).contains("detail=private"));
        assertTrue(status(get("/obj/priv?size=10&cc=private,max-age=60")).contains("fwd=bypass"));
        assertTrue(status(get("/obj/nost?size=10&cc=no-store")).contains("detail=no-store"));
        assertEquals(504, get("/obj/never-seen?size=1", "Cache-Control", "only-if-cached").statusCode());
    }

    @Test
    void statsAndMetrics() throws Exception {
        get("/obj/s1?size=10&ttl=60");
        get("/obj/s1?size=10&ttl=60");
        JsonNode stats = new ObjectMapper().readTree(get("/stats").body());
        assertTrue(stats.get("hits").asLong() >= 1);
        assertTrue(stats.get("misses").asLong() >= 1);
        assertTrue(stats.get("hit_ratio").asDouble() > 0);
        assertTrue(stats.get("client_latency").get("count").asLong() >= 2);
        assertEquals("wtinylfu", stats.get("cache").get("policy").asText());
        String metrics = new String(get("/metrics").body());
        assertTrue(metrics.contains("popnet_edge_responses_total{cache_status=\"hit\"}"), metrics);
        assertTrue(metrics.contains("popnet_edge_store_bytes"));
        assertEquals(200, get("/health").statusCode());
    }
}
