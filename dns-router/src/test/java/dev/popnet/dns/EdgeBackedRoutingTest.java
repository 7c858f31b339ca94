package dev.popnet.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.popnet.edge.EdgeConfig;
import dev.popnet.edge.EdgeServer;
import dev.popnet.edge.cluster.ClusterConfig;
import dev.popnet.origin.OriginConfig;
import dev.popnet.origin.OriginServer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

/** The router in front of real `popnet edge` servers and a real origin: load-aware failover and the 302 front door. */
class EdgeBackedRoutingTest {
    static final String CDN_HOST = "www.cdn.example";
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Vertx vertx;
    static OriginServer origin;
    static HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static HttpClientAgent client;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        origin = OriginServer.start(vertx, OriginConfig.defaults().withPort(0)).await(10, TimeUnit.SECONDS);
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
    }

    @AfterAll
    static void stop() throws Exception {
        client.close().await(10, TimeUnit.SECONDS);
        origin.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    static EdgeServer edge(String node, ClusterConfig cluster) throws Exception {
        EdgeConfig c = EdgeConfig.defaults().with(0, "http://127.0.0.1:" + origin.port(), 8L << 20, "lru", "t").withNode(node).withCluster(cluster);
        return EdgeServer.start(vertx, c).await(20, TimeUnit.SECONDS);
    }

    record Reply(int statusCode, String location, String body) {
    }

    /** A GET naming {@code host} in the Host header (java.net.http will not set it; Vert.x will). */
    static Reply get(String url, String host) throws Exception {
        URI u = URI.create(url);
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(u.getHost()).setPort(u.getPort()).setURI(u.getRawPath()
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery())).putHeader("Host", host).setTimeout(10_000);
        // On a Vert.x context: chained from the test's own thread, a callback that runs after the response arrived
        // reads its body after the data went by (an empty body under a content-length of 1,315 bytes, once in a few runs).
        Promise<Reply> reply = Promise.promise();
        vertx.runOnContext(v -> client.request(o).compose(r -> r.send()).compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(),
                resp.getHeader("Location"), b.toString().isEmpty() ? "EMPTY " + resp.headers().entries() + " " + resp.version() : b.toString())))
                .onComplete(reply));
        return reply.future().await(15, TimeUnit.SECONDS);
    }

    static JsonNode stats(EdgeServer e) throws Exception {
        Reply reply = get("http://127.0.0.1:" + e.port() + "/stats", "127.0.0.1:" + e.port());
        assertTrue(reply.statusCode() == 200 && reply.body().startsWith("{"), () -> "/stats of the edge on port " + e.port() + " answered "
                + reply.statusCode() + ": " + reply.body());
        return JSON.readTree(reply.body());
    }

    static String answer(DnsServer dns) throws Exception {
        SimpleResolver r = new SimpleResolver(InetAddress.getLoopbackAddress());
        r.setPort(dns.port());
        r.setTimeout(Duration.ofSeconds(3));
        r.setEDNS(0, 1232, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName("10.1.2.0"))));
        Message m = r.send(Message.newQuery(Record.newRecord(Name.fromString(CDN_HOST + "."), Type.A, DClass.IN)));
        return m.getSection(Section.ANSWER).get(0).rdataToString();
    }

    @Test
    void aPopOverItsLoadMarkGetsNoNewClientsUntilItIsWellUnderIt() throws Exception {
        EdgeServer lon = edge("lon-1", ClusterConfig.defaults());
        DnsServer dns = DnsPeers.start(vertx, dir.resolve("load.yaml"), """
                host: 127.0.0.1
                port: 0
                stats-port: 0
                zone: cdn.example.
                failover-ttl: 5s
                health: {interval: 200ms, timeout: 3s}
                load: {interval: 1s, timeout: 3s, resume-below: 0.3}
                pops:
                  - name: lon
                    location: {lat: 51.51, lon: -0.13}
                    edges: [{address: 192.0.2.1, http: "127.0.0.1:%d"}]
                    capacity: {requests-per-second: 3}
                  - {name: nyc, location: {lat: 40.71, lon: -74.01}, addresses: [192.0.2.2]}
                regions:
                  - {name: europe, location: {lat: 48.86, lon: 2.35}, networks: [10.1.0.0/16]}
                """.formatted(lon.port()));
        AtomicBoolean loading = new AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            DnsPeers.await("Europe goes to London while it is quiet", 10_000, () -> call(() -> answer(dns)).equals("192.0.2.1"));
            String url = "http://127.0.0.1:" + lon.port() + "/obj/load?size=100&ttl=300";
            for (int c = 0; c < 8; c++) {
                load(url, loading, served, failed); // eight requests in flight at all times: cache hits
            }
            DnsPeers.await("London is over its mark and Europe is sent to New York", 15_000, () -> call(() -> answer(dns)).equals("192.0.2.2"));
            JsonNode stats = JSON.readTree(get("http://127.0.0.1:" + dns.statsPort() + "/stats", "127.0.0.1").body());
            JsonNode shed = stats.get("pop_load").get("lon");
            assertTrue(shed.get("shed").asBoolean() && shed.get("requests_per_second").asDouble() > 3,
                    stats + " after " + served + " requests served; last failure " + failed.get());
            assertTrue(stats.get("pop_health").get("lon").asBoolean(), "London is healthy, only loaded: " + stats);
            loading.set(false);
            DnsPeers.await("London is back under 30% of its mark and takes Europe again", 15_000, () -> call(() -> answer(dns)).equals("192.0.2.1"));
            long edgeRequests = stats(lon).get("requests").asLong();
            assertTrue(edgeRequests >= served.get() && served.get() > 3, "the load was real requests on the real edge: " + edgeRequests + " counted by the edge, " + served + " served");
        } finally {
            loading.set(false);
            dns.close().await(5, TimeUnit.SECONDS);
            lon.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theFrontDoorSendsEachUrlToTheEdgeThatOwnsItInThePop() throws Exception {
        ClusterConfig pop = new ClusterConfig(true, "lon", "127.0.0.1", 0, List.of(), false, Duration.ofSeconds(1), Duration.ofSeconds(3),
                Duration.ofSeconds(2), Duration.ofMillis(200), false, "jdk", "", List.of());
        List<EdgeServer> edges = new ArrayList<>();
        DnsServer dns = null;
        try {
            for (int i = 0; i < 3; i++) {
                List<String> seeds = edges.stream().map(e -> e.cluster().membership().clusterAddress()).toList();
                edges.add(edge("lon-" + i, pop.withMembers(seeds)));
            }
            DnsPeers.await("the PoP formed", 20_000, () -> edges.stream().allMatch(e -> e.cluster().membership().members().size() == 3));
            StringBuilder list = new StringBuilder();
            for (EdgeServer e : edges) {
                list.append(list.isEmpty() ? "" : ", ").append("{address: 192.0.2.1, http: \"127.0.0.1:").append(e.port()).append("\"}");
            }
            dns = DnsPeers.start(vertx, dir.resolve("redirect.yaml"), """
                    host: 127.0.0.1
                    port: 0
                    stats-port: 0
                    zone: cdn.example.
                    health: {interval: 1h}
                    redirect: {port: 0}
                    pops:
                      - {name: lon, location: {lat: 51.51, lon: -0.13}, edges: [%s]}
                    regions:
                      - {name: europe, location: {lat: 48.86, lon: 2.35}, networks: [127.0.0.0/8]}
                    """.formatted(list));
            Map<Integer, Integer> sentTo = new HashMap<>();
            for (int k = 0; k < 12; k++) {
                String path = "/obj/door-" + k + "?size=500&ttl=300";
                Reply redirect = get("http://127.0.0.1:" + dns.redirectPort() + path, CDN_HOST);
                assertEquals(302, redirect.statusCode(), redirect.body());
                URI location = URI.create(redirect.location());
                assertEquals(path, location.getRawPath() + "?" + location.getRawQuery(), "the path and query kept");
                assertEquals(location, URI.create(get("http://127.0.0.1:" + dns.redirectPort() + path, CDN_HOST).location()),
                        "the same URL, the same edge");
                Reply object = get(location.toString(), CDN_HOST); // the client names the CDN host, as it would by DNS
                assertEquals(200, object.statusCode());
                sentTo.merge(location.getPort(), 1, Integer::sum);
            }
            long peerFetches = 0;
            long originFetches = 0;
            for (EdgeServer e : edges) {
                JsonNode s = stats(e);
                peerFetches += s.get("pop_peer_fetches").asLong();
                originFetches += s.get("origin_fetches").asLong();
                assertEquals(sentTo.getOrDefault(e.port(), 0).longValue(), s.get("origin_fetches").asLong(),
                        "each edge fetched exactly the URLs it was sent: it owns them");
            }
            assertEquals(0, peerFetches, "no edge had to ask the owner: every URL went straight to its owner");
            assertEquals(12, originFetches);
            assertTrue(sentTo.size() >= 2, "the URLs are spread over the PoP's edges: " + sentTo);
            EdgeServer owner = edges.stream().filter(e -> e.port() == sentTo.keySet().iterator().next()).findFirst().orElseThrow();
            EdgeServer other = edges.stream().filter(e -> e != owner).findFirst().orElseThrow();
            String path = "/obj/door-0?size=500&ttl=300";
            URI ownerOfFirst = URI.create(get("http://127.0.0.1:" + dns.redirectPort() + path, CDN_HOST).location());
            EdgeServer notOwner = other.port() == ownerOfFirst.getPort() ? owner : other;
            long before = stats(notOwner).get("pop_peer_fetches").asLong();
            get("http://127.0.0.1:" + notOwner.port() + "/obj/door-0-cold?size=500&ttl=300", CDN_HOST);
            get("http://127.0.0.1:" + notOwner.port() + path, CDN_HOST);
            assertTrue(stats(notOwner).get("pop_peer_fetches").asLong() > before, "a non-owner would have asked the owner: the count sees it");
            assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dns.redirectPort() + path))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(404, get("http://127.0.0.1:" + dns.redirectPort() + path, "elsewhere.example").statusCode());
        } finally {
            if (dns != null) {
                dns.close().await(5, TimeUnit.SECONDS);
            }
            for (EdgeServer e : edges) {
                e.close().await(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Sends one GET after another (each when the last is answered) until {@code loading} turns false. */
    static void load(String url, AtomicBoolean loading, java.util.concurrent.atomic.AtomicLong served,
            java.util.concurrent.atomic.AtomicReference<Throwable> failed) {
        if (!loading.get()) {
            return;
        }
        URI u = URI.create(url);
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(u.getHost()).setPort(u.getPort())
                .setURI(u.getRawPath() + "?" + u.getRawQuery()).putHeader("Host", CDN_HOST).setTimeout(10_000);
        client.request(o).compose(r -> r.send()).compose(resp -> resp.body().map(b -> resp.statusCode())).onComplete(ar -> {
            if (ar.succeeded() && ar.result() == 200) {
                served.incrementAndGet();
            } else if (ar.failed()) {
                failed.set(ar.cause()); // a busy machine; keep loading
            }
            load(url, loading, served, failed);
        });
    }

    interface Call<T> {
        T get() throws Exception;
    }

    /** For conditions polled on a busy machine: a query that timed out just means "not yet". */
    static String call(Call<String> c) {
        try {
            return c.get();
        } catch (Exception e) {
            return "no answer (" + e.getMessage() + ")";
        }
    }
}
