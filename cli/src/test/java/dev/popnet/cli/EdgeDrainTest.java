package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.config.ConfigLoader;
import dev.popnet.dns.DnsConfig;
import dev.popnet.dns.DnsServer;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A graceful stop as the DNS router sees it: SIGTERM to a real {@code popnet edge} process makes its
 * /health fail for --drain-time, so the router's health checks move clients to another PoP while the
 * edge still answers; then the edge stops accepting, and a request in flight still finishes.
 */
class EdgeDrainTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void sigtermFailsHealthUntilDnsMovesClientsThenInFlightRequestsFinish(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        // Every content response of this origin takes 5 s, longer than the 4 s drain: a miss started as the drain begins
        // is still in flight when the edge stops accepting.
        try (ServerProcess origin = ServerProcess.start(dir, "origin", Map.of(), "origin", "--port", "0", "--set", "faults.latency=5s");
                ServerProcess edge = startEdge(dir, origin)) {
            String edgeUrl = "http://127.0.0.1:" + edge.awaitOutput("listening on http://127\\.0\\.0\\.1:(\\d+)", START);
            Path dnsFile = dir.resolve("dns.yaml");
            Files.writeString(dnsFile, """
                    host: 127.0.0.1
                    port: 0
                    stats-port: 0
                    zone: cdn.example.
                    failover-ttl: 5s
                    health: {interval: 200ms, timeout: 2s, rise: 1, fall: 1}
                    pops:
                      - {name: lon, location: {lat: 51.51, lon: -0.13}, addresses: [192.0.2.1], health-urls: ["%s/health"]}
                      - {name: nyc, location: {lat: 40.71, lon: -74.01}, addresses: [192.0.2.2]}
                    regions:
                      - {name: europe, location: {lat: 48.86, lon: 2.35}, networks: [10.1.0.0/16]}
                    """.formatted(edgeUrl));
            // A first miss warms the edge's fetch path, so the one in flight later takes the origin's 5 s and little more.
            CompletableFuture<HttpResponse<String>> warm = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(edgeUrl + "/obj/warm?size=10"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            DnsServer dns = DnsServer.start(vertx, ConfigLoader.load(DnsConfig.class, dnsFile, Map.of(), Map.of()), dnsFile)
                    .await(20, TimeUnit.SECONDS);
            try {
                await("Europe is sent to the healthy London edge", () -> "192.0.2.1".equals(answer(dns)));

                assertEquals(200, warm.get(30, TimeUnit.SECONDS).statusCode());
                edge.signal("TERM");
                await("the edge's /health fails", () -> status(edgeUrl + "/health") == 503);
                CompletableFuture<HttpResponse<byte[]>> inFlight = HTTP.sendAsync(HttpRequest.newBuilder(
                        URI.create(edgeUrl + "/obj/in-flight?size=4000&ttl=60")).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                await("the router moves Europe to New York", () -> "192.0.2.2".equals(answer(dns)));
                assertEquals(503, status(edgeUrl + "/health"), "the PoP left the DNS answers while its edge still answers");
                assertTrue(!inFlight.isDone(), "the request is still in flight");

                HttpResponse<byte[]> finished = inFlight.get(30, TimeUnit.SECONDS);
                assertEquals(200, finished.statusCode(), "the request in flight when the edge stopped accepting finished");
                assertEquals(4000, finished.body().length);
                assertEquals(143, edge.awaitExit(Duration.ofSeconds(30)), "SIGTERM's status after a clean shutdown: " + edge.stderr());
                assertTrue(edge.stderr().contains("stopped in") || edge.stdout().contains("stopped in"), "the shutdown completed");
                assertThrows(java.io.IOException.class, () -> status(edgeUrl + "/health"), "nothing listens any more");
                String log = edge.stdout() + edge.stderr();
                assertTrue(log.contains("draining: /health answers 503 for 4s"), log);
            } finally {
                dns.close().await(10, TimeUnit.SECONDS);
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static ServerProcess startEdge(Path dir, ServerProcess origin) throws Exception {
        String originUrl = "http://127.0.0.1:" + origin.awaitOutput("listening on http://127\\.0\\.0\\.1:(\\d+)", START);
        return ServerProcess.start(dir, "edge", Map.of(), "edge", "--port", "0", "--origin", originUrl, "--drain-time", "4s");
    }

    private static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String answer(DnsServer dns) throws Exception {
        SimpleResolver r = new SimpleResolver(InetAddress.getLoopbackAddress());
        r.setPort(dns.port());
        r.setTimeout(Duration.ofSeconds(3));
        r.setEDNS(0, 1232, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName("10.1.2.0"))));
        Message m = r.send(Message.newQuery(Record.newRecord(Name.fromString("www.cdn.example."), Type.A, DClass.IN)));
        return m.getSection(Section.ANSWER).isEmpty() ? "" : m.getSection(Section.ANSWER).get(0).rdataToString();
    }

    private static void await(String what, Check condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }
}
