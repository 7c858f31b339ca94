package dev.popnet.origin;

import static dev.popnet.origin.OriginTestSupport.get;
import static dev.popnet.origin.OriginTestSupport.raw;
import static dev.popnet.origin.OriginTestSupport.rawStatus;
import static dev.popnet.origin.OriginTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginServerTest {
    @TempDir
    static Path dir;
    static Path root;
    static Vertx vertx;
    static OriginServer origin;
    static int port;
    static final String ADMIN = "adm1n-t0ken";
    static final String[] AUTH = {"Authorization", "Bearer " + ADMIN};

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("secret.txt"), "TOP SECRET");
        Files.writeString(root.resolve("index.html"), "<h1>popnet</h1>");
        Files.writeString(root.resolve("style.css"), "body{}");
        Files.writeString(root.resolve("app.js"), "let x=1;");
        Files.writeString(root.resolve("data.json"), "{}");
        Files.write(root.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.write(root.resolve("font.woff2"), new byte[] {1, 2, 3});
        Files.createDirectories(root.resolve("static"));
        Files.writeString(root.resolve("static/big.txt"), "0123456789".repeat(100));
        OriginConfig config = new OriginConfig("127.0.0.1", 0, root.toString(), "public, max-age=60",
                List.of(new CacheRule("/static/**", "public, max-age=86400, stale-while-revalidate=30"),
                        new CacheRule("/*.json", "no-store")),
                1000, Map.of("cat", new CatalogEntry(4096, "public, s-maxage=600", "catalog")),
                FaultSettings.none(), 1024, 4096, ADMIN, 2);
        vertx = Vertx.vertx();
        origin = OriginServer.start(vertx, config).await(10, TimeUnit.SECONDS);
        port = origin.port();
    }

    @AfterEach
    void clearFaults() {
        origin.faults().reset();
    }

    @AfterAll
    static void stop() throws Exception {
        origin.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/|text/html; charset=utf-8", "/index.html|text/html; charset=utf-8",
            "/style.css|text/css; charset=utf-8", "/app.js|text/javascript; charset=utf-8",
            "/data.json|application/json", "/logo.png|image/png", "/font.woff2|font/woff2",
            "/obj/1|application/octet-stream"})
    void contentTypes(String row) throws Exception {
        String[] parts = row.split("\\|");
        HttpResponse<byte[]> r = get(port, parts[0]);
        assertEquals(200, r.statusCode());
        assertEquals(parts[1], header(r, "Content-Type"));
        assertTrue(header(r, "ETag").startsWith("\""), "strong ETag");
        assertTrue(header(r, "Last-Modified").endsWith("GMT"));
        assertTrue(header(r, "Date").endsWith("GMT"));
    }

    @Test
    void cacheControlFromRulesCatalogAndQuery() throws Exception {
        assertEquals("public, max-age=86400, stale-while-revalidate=30", header(get(port, "/static/big.txt"), "Cache-Control"));
        assertEquals("no-store", header(get(port, "/data.json"), "Cache-Control"));
        assertEquals("public, max-age=60", header(get(port, "/style.css"), "Cache-Control"));
        HttpResponse<byte[]> cat = get(port, "/obj/cat");
        assertEquals("public, s-maxage=600", header(cat, "Cache-Control"));
        assertEquals(4096, cat.body().length);
        assertEquals("catalog", header(cat, "Surrogate-Key"));
        assertEquals("public, max-age=5", header(get(port, "/obj/1?ttl=5"), "Cache-Control"));
        assertEquals("private, stale-if-error=60", header(get(port, "/obj/1?cc=private,%20stale-if-error=60"), "Cache-Control"));
    }

    @Test
    void syntheticObjectsAreDeterministic() throws Exception {
        HttpResponse<byte[]> a = get(port, "/obj/42?size=100000");
        HttpResponse<byte[]> b = get(port, "/obj/42?size=100000");
        assertEquals(100_000, a.body().length);
        assertArrayEquals(a.body(), b.body());
        assertEquals(header(a, "ETag"), header(b, "ETag"));
        long seed = SyntheticObject.seed(42, 0, null);
        assertArrayEquals(SyntheticObject.bytes(seed, 0, 100_000), a.body(), "bytes follow SyntheticObject");
        HttpResponse<byte[]> v2 = get(port, "/obj/42?size=100000&v=2");
        assertFalse(Arrays.equals(a.body(), v2.body()), "a new version has new bytes");
        assertNotEquals(header(a, "ETag"), header(v2, "ETag"));
        HttpResponse<byte[]> gz = get(port, "/obj/42?size=64&vary=Accept-Encoding", "Accept-Encoding", "gzip");
        HttpResponse<byte[]> br = get(port, "/obj/42?size=64&vary=Accept-Encoding", "Accept-Encoding", "br");
        assertEquals("Accept-Encoding", header(gz, "Vary"));
        assertFalse(Arrays.equals(gz.body(), br.body()), "variants differ");
    }

    @Test
    void conditionalRequestsGet304() throws Exception {
        HttpResponse<byte[]> first = get(port, "/obj/7");
        String etag = header(first, "ETag");
        String lastModified = header(first, "Last-Modified");
        HttpResponse<byte[]> inm = get(port, "/obj/7", "If-None-Match", etag);
        assertEquals(304, inm.statusCode());
        assertEquals(etag, header(inm, "ETag"));
        assertEquals(0, inm.body().length);
        assertEquals(304, get(port, "/obj/7", "If-None-Match", "\"other\", W/" + etag).statusCode());
        assertEquals(200, get(port, "/obj/7", "If-None-Match", "\"other\"").statusCode());
        assertEquals(304, get(port, "/obj/7", "If-Modified-Since", lastModified).statusCode());
        assertEquals(200, get(port, "/obj/7", "If-Modified-Since", "Thu, 01 Jan 2015 00:00:00 GMT").statusCode());
        assertEquals(412, get(port, "/obj/7", "If-Match", "\"nope\"").statusCode());
        HttpResponse<byte[]> file = get(port, "/style.css");
        assertEquals(304, get(port, "/style.css", "If-None-Match", header(file, "ETag")).statusCode());
    }

    @Test
    void rangesGet206And416() throws Exception {
        long seed = SyntheticObject.seed(9, 0, null);
        HttpResponse<byte[]> part = get(port, "/obj/9?size=1000", "Range", "bytes=100-199");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 100-199/1000", header(part, "Content-Range"));
        assertArrayEquals(SyntheticObject.bytes(seed, 100, 100), part.body());
        HttpResponse<byte[]> suffix = get(port, "/obj/9?size=1000", "Range", "bytes=-10");
        assertEquals("bytes 990-999/1000", header(suffix, "Content-Range"));
        assertArrayEquals(SyntheticObject.bytes(seed, 990, 10), suffix.body());
        HttpResponse<byte[]> bad = get(port, "/obj/9?size=1000", "Range", "bytes=5000-");
        assertEquals(416, bad.statusCode());
        assertEquals("bytes */1000", header(bad, "Content-Range"));
        String etag = header(part, "ETag");
        assertEquals(206, get(port, "/obj/9?size=1000", "Range", "bytes=0-0", "If-Range", etag).statusCode());
        HttpResponse<byte[]> stale = get(port, "/obj/9?size=1000", "Range", "bytes=0-0", "If-Range", "\"old\"");
        assertEquals(200, stale.statusCode(), "If-Range mismatch sends the whole thing");
        assertEquals(1000, stale.body().length);
        HttpResponse<byte[]> fileRange = get(port, "/static/big.txt", "Range", "bytes=10-19");
        assertEquals(206, fileRange.statusCode());
        assertEquals("0123456789", new String(fileRange.body(), StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/static/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
            "/static/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/..%2Fsecret.txt", "/%252e%252e/secret.txt",
            "/..%5csecret.txt", "/..\\secret.txt", "/static/..%00/secret.txt", "/%c0%ae%c0%ae/secret.txt",
            "/./../secret.txt", "/static/%2e%2e%2f%2e%2e%2fsecret.txt", "/%"})
    void traversalNeverLeavesTheRoot(String path) throws Exception {
        String answer = raw(port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        int status = Integer.parseInt(answer.substring(9, 12));
        assertTrue(status == 400 || status == 404, path + " answered " + answer);
        assertFalse(answer.contains("TOP SECRET"));
    }

    @Test
    void oversizedUriAndHeadersAndUnknownMethods() throws Exception {
        assertEquals(414, rawStatus(port, "GET /" + "a".repeat(2000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals(431, rawStatus(port, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(5000) + "\r\n\r\n"));
        String brew = raw(port, "BREW /obj/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(brew.startsWith("HTTP/1.1 405"), brew);
        assertTrue(brew.contains("Allow: GET, HEAD"), brew);
        assertEquals(405, send(port, "POST", "/style.css", "x").statusCode());
        assertEquals(400, rawStatus(port, "GARBAGE\r\n\r\n"));
        assertEquals(400, get(port, "/obj/1?size=lots").statusCode());
        assertEquals(200, get(port, "/obj/1").statusCode(), "still serving after bad input");
    }

    @Test
    void injectedLatencyDelaysResponses() throws Exception {
        put("{\"latency\":\"300ms\"}");
        long start = System.nanoTime();
        assertEquals(200, get(port, "/obj/1").statusCode());
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= 290, "took " + elapsedMs + " ms");
        long healthStart = System.nanoTime();
        assertEquals(200, get(port, "/health").statusCode());
        assertTrue((System.nanoTime() - healthStart) / 1_000_000 < 290, "/health is not delayed");
    }

    @Test
    void aConcurrencyLimitMakesContentRequestsWaitForASlotInTurn() throws Exception {
        put("{\"latency\":\"200ms\",\"concurrency\":1}");
        long start = System.nanoTime();
        List<java.util.concurrent.CompletableFuture<Long>> answered = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answered.add(OriginTestSupport.CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/obj/slot-" + i))
                    .build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
                        assertEquals(200, r.statusCode());
                        return (System.nanoTime() - start) / 1_000_000;
                    }));
        }
        Thread.sleep(50);
        assertEquals(200, get(port, "/health").statusCode());
        long healthMs = (System.nanoTime() - start) / 1_000_000;
        long[] ms = answered.stream().mapToLong(java.util.concurrent.CompletableFuture::join).sorted().toArray();
        for (int k = 0; k < ms.length; k++) {
            assertTrue(ms[k] >= 200L * (k + 1) - 10, "one at a time, 200 ms each: the answers came at " + Arrays.toString(ms) + " ms");
        }
        assertTrue(healthMs < ms[2], "/health takes no slot: answered at " + healthMs + " ms, the objects at " + Arrays.toString(ms));
        assertEquals(1, origin.faults().get().concurrency());
    }

    @Test
    void injectedErrorRate() throws Exception {
        put("{\"error-rate\":1.0,\"error-status\":502}");
        for (int i = 0; i < 20; i++) {
            HttpResponse<byte[]> r = get(port, "/obj/" + i);
            assertEquals(502, r.statusCode());
            assertEquals("no-store", header(r, "Cache-Control"));
        }
        put("{\"error-rate\":0.5}");
        int errors = 0;
        for (int i = 0; i < 200; i++) {
            errors += get(port, "/obj/" + i).statusCode() == 502 ? 1 : 0;
        }
        assertTrue(errors > 50 && errors < 150, "about half failed: " + errors);
        put("{\"error-rate\":0}");
        for (int i = 0; i < 20; i++) {
            assertEquals(200, get(port, "/obj/" + i).statusCode());
        }
    }

    @Test
    void downAndBackUpThroughTheAdminEndpoint() throws Exception {
        assertEquals(200, send(port, "POST", "/admin/down", "", AUTH).statusCode());
        assertThrows(IOException.class, () -> get(port, "/obj/1"), "a down origin drops the connection");
        assertEquals(503, get(port, "/health").statusCode());
        assertEquals(200, send(port, "POST", "/admin/up", "", AUTH).statusCode());
        assertEquals(200, get(port, "/obj/1").statusCode());
        assertEquals(200, get(port, "/health").statusCode());
    }

    @Test
    void badFaultChangesAreRejectedAndChangeNothing() throws Exception {
        HttpResponse<byte[]> r = send(port, "PUT", "/admin/faults", "{\"error-rate\":2}", AUTH);
        assertEquals(400, r.statusCode());
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("error-rate"));
        assertEquals(400, send(port, "PUT", "/admin/faults", "{\"speed\":1}", AUTH).statusCode());
        assertEquals(400, send(port, "PUT", "/admin/faults", "not json", AUTH).statusCode());
        assertEquals(0.0, origin.faults().get().errorRate());
        JsonNode shown = new ObjectMapper().readTree(get(port, "/admin/faults", AUTH).body());
        assertEquals("0s", shown.get("latency").asText());
    }

    @Test
    void statsCountRequestsStatusesAndLatency() throws Exception {
        get(port, "/obj/stats-probe");
        get(port, "/nope");
        JsonNode stats = new ObjectMapper().readTree(get(port, "/stats").body());
        assertTrue(stats.get("requests").asLong() >= 2);
        assertTrue(stats.get("status").get("200").asLong() >= 1);
        assertTrue(stats.get("status").get("404").asLong() >= 1);
        assertTrue(stats.get("bytes_sent").asLong() >= 1000);
        assertTrue(stats.get("latency").get("count").asLong() >= 2);
        assertTrue(stats.get("latency").has("p99_ms"));
    }

    private static void put(String json) throws Exception {
        assertEquals(200, send(port, "PUT", "/admin/faults", json, "Content-Type", "application/json", AUTH[0], AUTH[1]).statusCode());
    }

    @Test
    void adminNeedsTheTokenComparedWhole() throws Exception {
        assertEquals(401, get(port, "/admin/faults").statusCode());
        assertEquals(401, get(port, "/admin/faults", "Authorization", "Bearer " + ADMIN.substring(0, 5)).statusCode());
        assertEquals(401, get(port, "/admin/faults", "Authorization", "Bearer " + ADMIN + "x").statusCode());
        assertEquals(401, send(port, "POST", "/admin/down", "").statusCode());
        assertFalse(origin.faults().get().down(), "nothing changed without the token");
    }

    @Test
    void adminRefusesALargeBodyBeforeReadingIt() throws Exception {
        String declared = raw(port, "PUT /admin/faults HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ADMIN
                + "\r\nContent-Length: 1500000000\r\n\r\n{\"down\":");
        assertTrue(declared.startsWith("HTTP/1.1 413"), declared);
        String chunked = "{\"down\": false, \"pad\": \"" + "x".repeat(20_000) + "\"}";
        HttpResponse<byte[]> r = CLIENT_STREAMING.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/admin/faults")).header("Authorization", "Bearer " + ADMIN).PUT(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(chunked.getBytes(StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(413, r.statusCode(), "a chunked body is cut off once it passes the limit");
        assertFalse(origin.faults().get().down());
    }

    @Test
    void adminIsOffWithoutAToken() throws Exception {
        OriginServer open = OriginServer.start(vertx, OriginConfig.defaults().withPort(0)).await(10, TimeUnit.SECONDS);
        try {
            assertEquals(403, send(open.port(), "POST", "/admin/down", "").statusCode());
            assertEquals(403, send(open.port(), "PUT", "/admin/faults", "{\"down\":true}").statusCode());
            assertFalse(open.faults().get().down());
            assertEquals(200, get(open.port(), "/obj/1").statusCode());
        } finally {
            open.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void writesToObjectsAreReadWholeAndAcknowledged() throws Exception {
        String body = "a=b&" + "z".repeat(100_000);
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            HttpResponse<byte[]> r = send(port, method, "/obj/w1", body);
            assertEquals(200, r.statusCode(), method);
            JsonNode ack = new ObjectMapper().readTree(r.body());
            assertEquals(method, ack.get("method").asText());
            assertEquals(body.length(), ack.get("bytes").asLong());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8))), ack.get("sha256").asText());
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        }
        HttpResponse<byte[]> options = send(port, "OPTIONS", "/obj/w1", null);
        assertEquals(204, options.statusCode());
        assertTrue(options.headers().firstValue("Allow").orElse("").contains("PUT"));
    }

    static final HttpClient CLIENT_STREAMING = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).build();
}
