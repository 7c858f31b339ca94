package dev.popnet.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * A PoP's edge list changed through the admin API over real HTTP, seen in real DNS answers: an edge
 * added is answered, an edge whose health fails is dropped from answers and then from the list; bad
 * documents and callers without the token change nothing.
 */
class PopEdgesApiTest {
    private static final String TOKEN = "edges-s3cret";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;
    private HttpServer first;
    private HttpServer second;
    private final AtomicBoolean firstHealthy = new AtomicBoolean(true);
    private DnsServer dns;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        vertx = Vertx.vertx();
        first = vertx.createHttpServer().requestHandler(r -> r.response().setStatusCode(firstHealthy.get() ? 200 : 503).end())
                .listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
        second = vertx.createHttpServer().requestHandler(r -> r.response().end("ok")).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
        Path file = Files.writeString(dir.resolve("dns.yaml"), """
                host: 127.0.0.1
                port: 0
                stats-port: 0
                zone: cdn.example.
                reload-token: %s
                health: {interval: 100ms, timeout: 500ms, rise: 1, fall: 2}
                pops:
                  - {name: lon, location: {lat: 51.51, lon: -0.13}, edges: [{address: 192.0.2.1, http: "127.0.0.1:%d"}]}
                  - {name: nyc, location: {lat: 40.71, lon: -74.01}, addresses: [198.51.100.1]}
                regions:
                  - {name: europe, location: {lat: 48.86, lon: 2.35}, networks: [10.1.0.0/16]}
                """.formatted(TOKEN, first.actualPort()));
        dns = DnsServer.start(vertx, ConfigLoader.load(DnsConfig.class, file), file).await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        dns.close().await(5, TimeUnit.SECONDS);
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    @Test
    void anAddedEdgeIsAnsweredAndADrainedOneIsNot() throws Exception {
        assertEquals(List.of("192.0.2.1"), europeAnswer());
        String both = edges("192.0.2.1", first.actualPort(), "192.0.2.2", second.actualPort());
        HttpResponse<String> added = send("PUT", "lon", both, TOKEN);
        assertEquals(200, added.statusCode(), added.body());
        assertTrue(added.body().contains("\"192.0.2.2\"") && added.body().contains("127.0.0.1:" + second.actualPort()), added.body());
        await(() -> europeAnswer().containsAll(List.of("192.0.2.1", "192.0.2.2")), "the new edge is answered");

        // Drain: the first edge's health fails, so the router stops answering it; then it leaves the list.
        firstHealthy.set(false);
        await(() -> europeAnswer().equals(List.of("192.0.2.2")), "an edge failing its health check is no longer answered");
        HttpResponse<String> removed = send("PUT", "lon", edges("192.0.2.2", second.actualPort()), TOKEN);
        assertEquals(200, removed.statusCode(), removed.body());
        assertEquals(List.of("192.0.2.2"), europeAnswer());
        HttpResponse<String> listed = send("GET", "lon", null, TOKEN);
        assertEquals(200, listed.statusCode());
        assertTrue(listed.body().contains("192.0.2.2") && !listed.body().contains("192.0.2.1"), listed.body());

        // A healthy edge taken out of the list is out of the very next answer: the list, not health, decides.
        firstHealthy.set(true);
        assertEquals(200, send("PUT", "lon", both, TOKEN).statusCode());
        await(() -> europeAnswer().equals(List.of("192.0.2.1", "192.0.2.2")), "the first edge, healthy again and listed, is answered");
        assertEquals(200, send("PUT", "lon", edges("192.0.2.1", first.actualPort()), TOKEN).statusCode());
        assertEquals(List.of("192.0.2.1"), europeAnswer());

        String stats = get("/stats");
        assertTrue(stats.contains("\"topology_updates\" : 4"), stats);
        String metrics = get("/metrics");
        assertTrue(metrics.contains("popnet_dns_topology_updates_total 4.0"), metrics);
    }

    @Test
    void badDocumentsAndCallersChangeNothing() throws Exception {
        String good = edges("192.0.2.9", second.actualPort());
        assertEquals(401, send("PUT", "lon", good, null).statusCode());
        HttpResponse<String> wrong = send("PUT", "lon", good, "not-it");
        assertEquals(401, wrong.statusCode());
        assertEquals("Bearer", wrong.headers().firstValue("WWW-Authenticate").orElse(""));
        HttpResponse<String> post = send("POST", "lon", good, TOKEN);
        assertEquals(405, post.statusCode());
        assertEquals("GET, PUT", post.headers().firstValue("Allow").orElse(""));
        assertEquals(404, send("PUT", "fra", good, TOKEN).statusCode());
        assertEquals(404, send("GET", "lon/extra", null, TOKEN).statusCode());

        String[][] bad = {
            {"{\"edges\": [", "not valid JSON"},
            {"[]", "expected {\"edges\""},
            {"{\"edges\": []}", "needs at least one address or edge"},
            {"{\"edges\": [{\"address\": \"192.0.2.300\", \"http\": \"127.0.0.1:80\"}]}", "edges[0].address: is not an IPv4 or IPv6 address"},
            {"{\"edges\": [{\"address\": \"192.0.2.3\", \"port\": 80}]}", "edges[0]: unknown key port"},
            {"{\"edges\": [{\"address\": \"192.0.2.3\", \"http\": \"127.0.0.1:80/x\"}]}", "edges[0].http: expected host:port"},
            {"{\"edges\": [{\"address\": \"192.0.2.3\", \"weight\": -1}]}", "edges[0].weight: must be positive"},
            {"{\"edges\": [{\"address\": \"192.0.2.3\"}, {\"address\": \"192.0.2.3\"}]}", "edges[1].address: listed twice"},
            {"{\"edges\": [7]}", "edges[0]: expected an object"},
        };
        for (String[] b : bad) {
            HttpResponse<String> r = send("PUT", "lon", b[0], TOKEN);
            assertEquals(400, r.statusCode(), b[0] + " -> " + r.body());
            assertTrue(r.body().contains(b[1].replace("\"", "\\\"")), b[0] + " -> " + r.body());
        }
        HttpResponse<String> huge = send("PUT", "lon", "{\"edges\": [" + "{\"address\": \"192.0.2.3\"},".repeat(4000) + "]}", TOKEN);
        assertEquals(413, huge.statusCode());

        assertEquals(List.of("192.0.2.1"), europeAnswer(), "the old topology stays");
        assertTrue(get("/stats").contains("\"topology_updates\" : 0"));
        assertTrue(get("/metrics").contains("popnet_dns_topology_updates_refused_total " + bad.length + ".0"), get("/metrics"));
    }

    private static String edges(Object... addressAndPort) {
        StringBuilder sb = new StringBuilder("{\"edges\": [");
        for (int i = 0; i < addressAndPort.length; i += 2) {
            sb.append(i == 0 ? "" : ", ").append("{\"address\": \"").append(addressAndPort[i]).append("\", \"http\": \"127.0.0.1:")
                    .append(addressAndPort[i + 1]).append("\"}");
        }
        return sb.append("]}").toString();
    }

    private List<String> europeAnswer() throws Exception {
        return DnsServerTest.addresses(DnsServerTest.query(DnsServerTest.resolver(dns.port(), "10.1.0.0", 24), "www.cdn.example.", Type.A))
                .stream().sorted().toList();
    }

    private HttpResponse<String> send(String method, String pop, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dns.statsPort() + "/admin/pops/" + pop + "/edges"))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dns.statsPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void await(Check condition, String what) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.holds()) {
            assertTrue(System.nanoTime() < deadline, "in time: " + what);
            Thread.sleep(50);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }
}
