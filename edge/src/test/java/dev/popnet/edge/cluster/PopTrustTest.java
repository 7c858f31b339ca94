package dev.popnet.edge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.popnet.core.config.ConfigLoader;
import dev.popnet.core.config.ConfigException;
import dev.popnet.edge.EdgeConfig;
import dev.popnet.edge.EdgeServer;
import dev.popnet.origin.OriginConfig;
import dev.popnet.origin.OriginServer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PoP with a {@code cluster.secret} against parties on its network without the secret: a plain
 * Hazelcast client that knows the PoP name, one that even learned the derived cluster name, and rogue
 * members. Real edges, a real origin, real HTTP; the rogue parties are real Hazelcast instances.
 */
class PopTrustTest {
    private static final String SECRET = "a shared secret only the PoP knows";
    private static final String TOKEN = "purge-token";
    private static final String HOST = "cdn.popnet.test";
    private static Vertx vertx;
    private static OriginServer origin;
    private static HttpClientAgent client;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        origin = OriginServer.start(vertx, OriginConfig.defaults().withPort(0)).await(10, TimeUnit.SECONDS);
        client = vertx.createHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close().await(10, TimeUnit.SECONDS);
        origin.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static ClusterConfig popConfig(String pop) {
        return new ClusterConfig(true, pop, "127.0.0.1", 0, List.of(), false, Duration.ofSeconds(1), Duration.ofSeconds(3),
                Duration.ofSeconds(2), Duration.ofMillis(200), false, "jdk", "", List.of()).withSecret(SECRET);
    }

    private static List<EdgeServer> pop(String name) throws Exception {
        List<EdgeServer> edges = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> seeds = edges.stream().map(e -> e.cluster().membership().clusterAddress()).toList();
            EdgeConfig c = EdgeConfig.defaults().with(0, "http://127.0.0.1:" + origin.port(), 8L << 20, "lru", TOKEN).withNode(name + i)
                    .withCluster(popConfig(name).withMembers(seeds));
            edges.add(EdgeServer.start(vertx, c).await(90, TimeUnit.SECONDS));
        }
        TestPop.await("the PoP formed", Duration.ofSeconds(60), () -> edges.stream().allMatch(e -> e.cluster().membership().members().size() == 2));
        return edges;
    }

    private static void close(List<EdgeServer> edges) throws Exception {
        for (EdgeServer e : edges) {
            e.close().await(20, TimeUnit.SECONDS);
        }
    }

    /** "status cache-status|body" of one GET. */
    private static String get(EdgeServer e, String path) throws Exception {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(e.port()).setURI(path)
                .setHeaders(MultiMap.caseInsensitiveMultiMap().set("Host", HOST)).setTimeout(15_000);
        return client.request(o).compose(r -> r.send()).compose(resp -> resp.body().map(b -> resp.statusCode() + " "
                + resp.getHeader("Cache-Status") + "|" + b)).await(20, TimeUnit.SECONDS);
    }

    private static boolean isHit(EdgeServer e, String path) throws Exception {
        String r = get(e, path);
        return r.startsWith("200 ") && r.contains("; hit");
    }

    @Test
    void aRogueClientKnowingOnlyThePopNameCannotConnectAndForgedPurgesAreDropped() throws Exception {
        List<EdgeServer> edges = pop("trust-client");
        String path = "/obj/kept?size=500&ttl=300";
        try {
            get(edges.get(0), path);
            TestPop.await("cached", Duration.ofSeconds(10), () -> isHitQuietly(edges.get(0), path));
            String member = edges.get(0).cluster().membership().clusterAddress();

            // The name /stats publishes is not the cluster's name: the client is refused before it can do anything.
            ClientConfig byPopName = rogueClient("trust-client", member, 3_000);
            assertThrows(IllegalStateException.class, () -> HazelcastClient.newHazelcastClient(byPopName));

            // A party that learned the derived name (it travels in the clear) still cannot sign a purge.
            String derived = ClusterTrust.of(popConfig("trust-client")).clusterName("trust-client");
            assertNotEquals("trust-client", derived);
            HazelcastInstance rogue = HazelcastClient.newHazelcastClient(rogueClient(derived, member, 60_000));
            try {
                PurgeRequest all = new PurgeRequest(PurgeRequest.Kind.PREFIX, "/");
                rogue.getTopic(PurgeFanout.TOPIC).publish(new PurgeFanout.Message("forged-1", all, "00".repeat(32)));
                rogue.getTopic(PurgeFanout.TOPIC).publish(new PurgeFanout.Message("forged-2", all, ""));
                // A signature copied from another purge does not sign this one.
                String other = ClusterTrust.of(popConfig("elsewhere").withSecret("some other secret, not the PoP's")).sign("x");
                rogue.getTopic(PurgeFanout.TOPIC).publish(new PurgeFanout.Message("forged-3", all, other));
                // Java serialization of anything but popnet's messages is refused on the cluster port.
                rogue.getTopic(PurgeFanout.TOPIC).publish(new Gadget("/"));
                rogue.getMap("probe").put("gadget", new Gadget("/"));
                HazelcastInstance member0 = edges.get(0).cluster().membership().hazelcast();
                RuntimeException refused = assertThrows(RuntimeException.class, () -> member0.getMap("probe").get("gadget"));
                assertTrue(String.valueOf(refused.getCause()).contains("not allowed"), String.valueOf(refused));
                // A forged stats entry is not shown as the member's: read while the forgery is still what the map holds
                // (the member overwrites it at its next refresh).
                String member1 = edges.get(1).cluster().membership().self().id();
                String forgedStats = "00|{\"hits\":999999}";
                boolean checked = false;
                for (int attempt = 0; attempt < 50 && !checked; attempt++) {
                    rogue.getMap(PopStats.MAP).set(member1, forgedStats);
                    String seen = edges.get(0).cluster().stats().popWide().toString();
                    if (forgedStats.equals(rogue.getMap(PopStats.MAP).get(member1))) {
                        assertFalse(seen.contains("999999"), seen);
                        checked = true;
                    }
                }
                assertTrue(checked, "the forged entry stayed in place while the PoP's stats were read");

                // A signed purge sent after them arrives after them: once it is applied, they were all handled.
                PurgeResult real = edges.get(1).cluster().purges().purge(new PurgeRequest(PurgeRequest.Kind.URL, "/obj/other")).get(20,
                        TimeUnit.SECONDS);
                assertTrue(real.complete(), "legitimate purges still reach every member: " + real);
                assertTrue(isHit(edges.get(0), path), "no forged purge removed the object");
                assertEquals(0, rogue.getMap(PurgeFanout.ACKS).keySet().stream().filter(k -> k.toString().startsWith("forged")).count(),
                        "no member acknowledged a forged purge");
            } finally {
                rogue.shutdown();
            }
        } finally {
            close(edges);
        }
    }

    @Test
    void rogueMembersNeitherJoinNorOwnKeys() throws Exception {
        AtomicInteger rogueServed = new AtomicInteger();
        HttpServer rogueHttp = vertx.createHttpServer().requestHandler(r -> {
            rogueServed.incrementAndGet();
            r.response().putHeader("Cache-Control", "max-age=300").end("rogue content");
        }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        String rogueAddress = "127.0.0.1:" + rogueHttp.actualPort();
        List<EdgeServer> edges = pop("trust-member");
        List<HazelcastInstance> rogues = new ArrayList<>();
        try {
            String seed = edges.get(0).cluster().membership().clusterAddress();
            ClusterConfig open = popConfig("trust-member").withSecret("").withMembers(List.of(seed));
            // A member that knows only the PoP name forms a cluster of its own.
            HazelcastInstance byName = Hazelcast.newHazelcastInstance(PopCluster.hazelcastConfig(open, rogueAddress));
            rogues.add(byName);
            assertEquals(1, byName.getCluster().getMembers().size(), "the rogue did not join");

            // One that learned the derived name joins the Hazelcast cluster, but with a proof copied from a real
            // member (for that member's address, not its own) it is no PoP member: it owns no key.
            Config sniffed = PopCluster.hazelcastConfig(open, rogueAddress);
            sniffed.setClusterName(ClusterTrust.of(popConfig("trust-member")).clusterName("trust-member"));
            String copied = ClusterTrust.of(popConfig("trust-member")).proof(edges.get(0).cluster().membership().self().httpAddress());
            sniffed.getMemberAttributeConfig().setAttribute(PopCluster.PROOF_ATTRIBUTE, copied);
            sniffed.setInstanceName("rogue-sniffed");
            HazelcastInstance joined = Hazelcast.newHazelcastInstance(sniffed);
            rogues.add(joined);
            TestPop.await("the rogue is in the Hazelcast cluster", Duration.ofSeconds(60), () -> joined.getCluster().getMembers().size() == 3);
            for (EdgeServer e : edges) {
                assertEquals(2, e.cluster().membership().members().size(), "only proven members count");
                assertFalse(e.cluster().membership().members().stream().anyMatch(m -> m.httpAddress().equals(rogueAddress)));
            }
            for (int i = 0; i < 30; i++) {
                String r = get(edges.get(i % 2), "/obj/member-" + i + "?size=300&ttl=300");
                assertTrue(r.startsWith("200 "), r);
                assertFalse(r.contains("rogue content"), r);
            }
            assertEquals(0, rogueServed.get(), "no request reached the rogue member's HTTP server");
        } finally {
            for (HazelcastInstance r : rogues) {
                r.getLifecycleService().terminate();
            }
            close(edges);
            rogueHttp.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theSecretComesFromConfigEnvironmentOrFileAndIsNeverShown(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, SECRET + "\n");
        EdgeConfig fromFile = ConfigLoader.load(EdgeConfig.class, null, Map.of("POPNET_CLUSTER_SECRET_FILE", file.toString()), Map.of());
        EdgeConfig fromEnv = ConfigLoader.load(EdgeConfig.class, null, Map.of("POPNET_CLUSTER_SECRET", SECRET), Map.of());
        ClusterTrust a = ClusterTrust.of(fromFile.cluster());
        ClusterTrust b = ClusterTrust.of(fromEnv.cluster());
        assertTrue(a.secured());
        assertEquals(a.clusterName("p"), b.clusterName("p"));
        assertFalse(fromEnv.cluster().toString().contains(SECRET), fromEnv.cluster().toString());
        ConfigException shortOne = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(EdgeConfig.class, null, Map.of("POPNET_CLUSTER_SECRET", "too short"), Map.of()));
        assertTrue(shortOne.getMessage().contains("cluster.secret") && shortOne.getMessage().contains("at least 16 bytes"),
                shortOne.getMessage());
        assertFalse(shortOne.getMessage().contains("too short"), shortOne.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> ConfigLoader.load(EdgeConfig.class, null,
                Map.of("POPNET_CLUSTER_SECRET_FILE", dir.resolve("nope").toString()), Map.of()));
        assertTrue(missing.getMessage().contains("cluster.secret-file"), missing.getMessage());
    }

    /** A class of no popnet message: what a deserialization gadget would be. */
    record Gadget(String payload) implements java.io.Serializable {
    }

    private static boolean isHitQuietly(EdgeServer e, String path) {
        try {
            return isHit(e, path);
        } catch (Exception ex) {
            return false;
        }
    }

    private static ClientConfig rogueClient(String clusterName, String member, long connectTimeoutMillis) {
        ClientConfig cc = new ClientConfig();
        cc.setClusterName(clusterName);
        cc.setProperty("hazelcast.logging.type", "none");
        cc.getNetworkConfig().addAddress(member);
        cc.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(connectTimeoutMillis);
        return cc;
    }
}
