package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The three servers as an operator runs them: each its own popnet process with access logs, scraped by
 * promtool, signalled with SIGUSR1 (logrotate) and SIGTERM (systemd stop).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatedServersTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private ServerProcess origin;
    private ServerProcess edge;
    private ServerProcess dns;
    private String originUrl;
    private String edgeUrl;
    private String dnsStatsUrl;
    private int dnsPort;
    private Path dnsConfig;

    @BeforeAll
    void startServers(@TempDir Path tmp) throws Exception {
        dir = tmp;
        origin = ServerProcess.start(dir, "origin", Map.of(), "origin", "--port", "0", "--access-log", dir.resolve("origin-access.log").toString());
        originUrl = "http://127.0.0.1:" + origin.awaitOutput("listening on http://127\\.0\\.0\\.1:(\\d+)", START);
        edge = ServerProcess.start(dir, "edge", Map.of("POPNET_ACCESS_LOG_FORMAT", "json"), "edge", "--port", "0", "--origin", originUrl,
                "--access-log", dir.resolve("edge-access.log").toString());
        edgeUrl = "http://127.0.0.1:" + edge.awaitOutput("listening on http://127\\.0\\.0\\.1:(\\d+)", START);
        dnsConfig = dir.resolve("dns.yaml");
        Files.writeString(dnsConfig, dnsYaml(edgeUrl + "/health"));
        dns = ServerProcess.start(dir, "dns", Map.of(), "dns", "-c", dnsConfig.toString(), "--port", "0", "--stats-port", "0");
        dnsPort = Integer.parseInt(dns.awaitOutput("on 127\\.0\\.0\\.1:(\\d+) \\(udp", START));
        dnsStatsUrl = "http://127.0.0.1:" + dns.awaitOutput("stats on http://127\\.0\\.0\\.1:(\\d+)/stats", START);
    }

    private static String dnsYaml(String healthUrl) {
        return "zone: cdn.test.\nhostnames: [www.cdn.test.]\nreload-token: test-token\nhealth: {interval: 200ms, timeout: 1s, rise: 1, fall: 1}\n"
                + "pops:\n  - {name: one, location: {lat: 0, lon: 0}, addresses: [127.0.0.1], health-urls: [\"" + healthUrl + "\"]}\n";
    }

    @AfterAll
    void stopServers() throws Exception {
        for (ServerProcess p : new ServerProcess[] {dns, edge, origin}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    @Order(1)
    void edgeStatsAddUpOverEveryOutcome() throws Exception {
        String obj = edgeUrl + "/obj/add-up?size=2000&ttl=60";
        assertEquals(200, get(obj, Map.of()).statusCode());
        assertEquals(200, get(obj, Map.of()).statusCode());
        assertEquals(504, get(edgeUrl + "/obj/never-fetched", Map.of("Cache-Control", "only-if-cached")).statusCode());
        assertEquals(200, get(edgeUrl + "/obj/no-store?cc=no-store", Map.of()).statusCode());
        HTTP.send(HttpRequest.newBuilder(URI.create(edgeUrl + "/obj/x")).POST(HttpRequest.BodyPublishers.ofString("a=b")).build(),
                HttpResponse.BodyHandlers.discarding());
        JsonNode s = JSON.readTree(get(edgeUrl + "/stats", Map.of()).body());
        long outcomes = 0;
        for (String k : List.of("hits", "misses", "stale_served", "revalidated", "collapsed", "bypassed", "rejected")) {
            outcomes += s.get(k).asLong();
        }
        assertEquals(5, s.get("requests").asLong(), s.toString());
        assertEquals(s.get("requests").asLong(), outcomes, "every request is counted in exactly one outcome: " + s);
        assertEquals(1, s.get("hits").asLong());
        assertEquals(1, s.get("misses").asLong(), "the fetched miss");
        assertEquals(1, s.get("rejected").asLong(), "the 504 only-if-cached, answered without a fetch");
    }

    @Test
    @Order(2)
    void everyMetricsEndpointPassesPromtool() throws Exception {
        askDns("www.cdn.test.", Type.A);
        askDns("www.cdn.test.", Type.AAAA);
        awaitBody(dnsStatsUrl + "/metrics", b -> b.contains("popnet_dns_pop_healthy{pop=\"one\"} 1"));
        String edgeMetrics = promtool(edgeUrl + "/metrics");
        String originMetrics = promtool(originUrl + "/metrics");
        String dnsMetrics = promtool(dnsStatsUrl + "/metrics");
        for (String common : List.of("popnet_build_info{", "jvm_memory_used_bytes{", "process_cpu_seconds_total", "process_uptime_seconds",
                "jvm_gc_", "process_files_open_files")) {
            for (String m : List.of(edgeMetrics, originMetrics, dnsMetrics)) {
                assertTrue(m.contains(common), common + " missing");
            }
        }
        assertTrue(edgeMetrics.contains("popnet_edge_client_latency_seconds_bucket{le=\"0.001\"}"), edgeMetrics);
        assertTrue(edgeMetrics.contains("popnet_edge_origin_fetch_seconds_count"), edgeMetrics);
        assertTrue(edgeMetrics.contains("popnet_edge_responses_total{cache_status=\"hit\"} 1"), edgeMetrics);
        assertTrue(edgeMetrics.contains("popnet_edge_client_sent_bytes_total"), edgeMetrics);
        assertTrue(originMetrics.contains("popnet_origin_responses_total{kind=\"obj\",status=\"200\"}"), originMetrics);
        assertTrue(originMetrics.contains("popnet_origin_response_duration_seconds_bucket{kind=\"obj\""), originMetrics);
        assertTrue(dnsMetrics.contains("popnet_dns_response_duration_seconds_bucket{type=\"A\""), dnsMetrics);
        assertTrue(dnsMetrics.contains("popnet_dns_response_duration_seconds_bucket{type=\"AAAA\""), dnsMetrics);
        assertTrue(dnsMetrics.contains("popnet_dns_answers_total{pop=\"one\"}"), dnsMetrics);
        assertTrue(dnsMetrics.contains("popnet_dns_dropped_total") && dnsMetrics.contains("popnet_dns_reloads_total"), dnsMetrics);
        assertTrue(dnsMetrics.matches("(?s).*popnet_build_info\\{commit=\"[^\"]+\",server=\"dns\",version=\"[^\"]+\"} 1.*"), dnsMetrics);
    }

    @Test
    @Order(3)
    void dnsLogsHealthChangesAndRefusedReloads() throws Exception {
        awaitText(dns::stderr, "PoP one is healthy");
        Files.writeString(dnsConfig, "zone: cdn.test.\nhostnames: [www.cdn.test.]\npops: []\n");
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(dnsStatsUrl + "/reload")).header("Authorization", "Bearer test-token")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode(), refused.body());
        awaitText(dns::stderr, "reload refused, the old topology stays");
        assertTrue(get(dnsStatsUrl + "/metrics", Map.of()).body().contains("popnet_dns_reloads_refused_total 1.0")
                || get(dnsStatsUrl + "/metrics", Map.of()).body().matches("(?s).*popnet_dns_reloads_refused_total [1-9].*"));
        Files.writeString(dnsConfig, dnsYaml(edgeUrl + "/health"));
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(dnsStatsUrl + "/reload")).header("Authorization", "Bearer test-token").POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        awaitText(dns::stderr, "reloaded " + dnsConfig);
    }

    @Test
    @Order(4)
    void accessLogsInBothFormatsAndReopenedOnSigusr1() throws Exception {
        get(edgeUrl + "/obj/logged?size=321&ttl=60", Map.of("User-Agent", "agent \"quoted\"", "Referer", "http://ref.example/"));
        get(edgeUrl + "/obj/logged?size=321&ttl=60", Map.of());
        Path edgeLog = dir.resolve("edge-access.log");
        List<JsonNode> lines = awaitLines(edgeLog, l -> l.contains("/obj/logged"), 2).stream().map(OperatedServersTest::json).toList();
        JsonNode miss = lines.get(0);
        assertEquals("GET", miss.get("method").asText());
        assertEquals("/obj/logged?size=321&ttl=60", miss.get("target").asText());
        assertEquals(200, miss.get("status").asInt());
        assertEquals(321, miss.get("bytes_sent").asLong());
        assertEquals("agent \"quoted\"", miss.get("user_agent").asText());
        assertEquals("http://ref.example/", miss.get("referer").asText());
        assertTrue(miss.get("cache_status").asText().contains("fwd=uri-miss"), miss.toString());
        assertTrue(miss.get("upstream_seconds").asDouble() > 0, "a miss waited for the origin: " + miss);
        assertTrue(miss.get("request_seconds").asDouble() >= miss.get("upstream_seconds").asDouble(), miss.toString());
        JsonNode hit = lines.get(1);
        assertTrue(hit.get("cache_status").asText().contains("; hit"), hit.toString());
        assertTrue(hit.get("upstream_seconds").isNull(), "a hit fetched nothing: " + hit);

        // The origin saw the miss, in nginx's combined format plus cache status, upstream and request seconds.
        String combined = awaitLines(dir.resolve("origin-access.log"), l -> l.contains("/obj/logged"), 1).get(0);
        assertTrue(combined.matches("127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}] "
                + "\"GET /obj/logged\\?size=321&ttl=60 HTTP/1\\.1\" 200 321 \"http://ref\\.example/\" \"agent \\\\x22quoted\\\\x22\" \"-\" - \\d+\\.\\d{3}"),
                combined);

        Path rotated = dir.resolve("edge-access.log.1");
        Files.move(edgeLog, rotated);
        edge.signal("USR1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(edgeLog) || !Files.readString(edgeLog).contains("/obj/after-rotation")) {
            if (System.nanoTime() > deadline) {
                fail("no line in the reopened log; rotated file: " + Files.readString(rotated));
            }
            get(edgeUrl + "/obj/after-rotation", Map.of());
            Thread.sleep(100);
        }
        assertTrue(Files.readString(rotated).contains("/obj/logged"), "the rotated file kept the old lines");
    }

    @Test
    @Order(5)
    void sigtermDrainsAndLogsTheShutdown() throws Exception {
        int status = edge.stop();
        assertEquals(143, status, "SIGTERM: the JVM's exit status after a clean shutdown (systemd's SuccessExitStatus=143)");
        String err = edge.stderr();
        assertTrue(err.contains("stopping: in-flight requests finish first") && err.contains("stopped in"), err);
        assertTrue(err.lines().noneMatch(l -> l.contains("Exception")), err);
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void askDns(String name, int type) throws IOException {
        SimpleResolver resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(dnsPort);
        resolver.setTimeout(Duration.ofSeconds(5));
        Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
        assertNotNull(answer);
    }

    /** Scrapes the endpoint, checks it with promtool, and returns what it served. */
    private String promtool(String url) throws Exception {
        String body = get(url, Map.of()).body();
        Path file = dir.resolve("scrape-" + Math.abs(url.hashCode()) + ".prom");
        Files.writeString(file, body);
        Process p;
        try {
            p = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is needed (scripts/install-test-tools.sh installs it)", e);
        }
        String said = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), url + " fails promtool check metrics:\n" + said);
        return body;
    }

    private static void awaitBody(String url, Predicate<String> ok) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String body = "";
        while (System.nanoTime() < deadline) {
            body = get(url, Map.of()).body();
            if (ok.test(body)) {
                return;
            }
            Thread.sleep(100);
        }
        fail(url + " never matched: " + body);
    }

    private interface Text {
        String read() throws IOException;
    }

    private static void awaitText(Text source, String fragment) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!source.read().contains(fragment)) {
            if (System.nanoTime() > deadline) {
                fail("'" + fragment + "' never logged: " + source.read());
            }
            Thread.sleep(50);
        }
    }

    private static List<String> awaitLines(Path file, Predicate<String> which, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file).stream().filter(which).toList() : List.of();
            if (lines.size() >= count) {
                return lines;
            }
            if (System.nanoTime() > deadline) {
                fail("expected " + count + " lines in " + file + ", got " + lines);
            }
            Thread.sleep(50);
        }
    }
}
