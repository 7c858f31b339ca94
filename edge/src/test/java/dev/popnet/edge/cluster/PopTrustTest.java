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
import io.vertx.core.http.HttpServer;
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
    private static EdgesOnOneOrigin rig;

    @BeforeAll
    static void start() throws Exception {
        rig = EdgesOnOneOrigin.start();
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
    }

    private static ClusterConfig popConfig(String pop) {
        return TestPop.loopback(pop, SECRET);
    }

    private static List<EdgeServer> pop(String name) throws Exception {
        List<EdgeServer> edges = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> seeds = edges.stream().map(e -> e.cluster().membership().clusterAddress()).toList();
            edges.add(rig.edge(name + i, popConfig(name).withMembers(seeds)));
        }
        TestPop.await("the PoP formed", Duration.ofSeconds(60), () -> edges.stream().allMatch(e -> e.cluster().membership().members().size() == 2));
        return edges;
    }

    private static void close(List<EdgeServer> edges) throws Exception {
        for (EdgeServer e : edges) {
            e.close().await(20, TimeUnit.SECONDS);
        }
    }

    private static String get(EdgeServer e, String path) throws Exception {
        return rig.get(e, path);
    }

    private static boolean isHit(EdgeServer e, String path) throws Exception {
        String r = get(e, path);
        return r.startsWith("200 ") && r.contains("; hit");
    }

    @Test
    void noHazelcastClientConnectsToAnyMemberWhateverClusterNameItKnows() throws Exception {
        List<EdgeServer> edges = pop("trust-client");
        try {
            String derived = ClusterTrust.of(popConfig("trust-client")).clusterName("trust-client");
            assertNotEquals("trust-client", derived);
            for (EdgeServer e : edges) {
                String member = e.cluster().membership().clusterAddress();
                // The name /stats publishes, and even the derived name (it travels in the clear): the member port speaks
                // only the member protocol, so the client is refused before it can do anything.
                for (String name : List.of("trust-client", derived)) {
                    IllegalStateException refused = assertThrows(IllegalStateException.class,
                            () -> HazelcastClient.newHazelcastClient(rogueClient(name, member, 2_000)).shutdown(),
                            "a client with cluster name " + name + " connected to " + member);
                    assertTrue(String.valueOf(refused.getMessage()).contains("Unable to connect"), String.valueOf(refused));
                }
            }
            assertTrue(edges.stream().allMatch(e -> e.cluster().membership().members().size() == 2), "the PoP is intact");
        } finally {
            close(edges);
        }
    }

    @Test
    void aRogueMemberWithTheDerivedNameCannotPurgeNorFakeStatsNorGetGadgetsDeserialized() throws Exception {
        List<EdgeServer> edges = pop("trust-forge");
        String path = "/obj/kept?size=500&ttl=300";
        HazelcastInstance rogue = null;
        try {
            get(edges.get(0), path);
            TestPop.await("cached", Duration.ofSeconds(10), () -> isHitQuietly(edges.get(0), path));
            // A party that learned the derived name joins at the Hazelcast level, but it cannot sign anything.
            Config sniffed = PopCluster.hazelcastConfig(popConfig("trust-forge").withSecret("")
                    .withMembers(List.of(edges.get(0).cluster().membership().clusterAddress())), "127.0.0.1:1");
            sniffed.setClusterName(ClusterTrust.of(popConfig("trust-forge")).clusterName("trust-forge"));
            sniffed.setInstanceName("rogue-forger");
            HazelcastInstance joined = Hazelcast.newHazelcastInstance(sniffed);
            rogue = joined;
            TestPop.await("the rogue is in the Hazelcast cluster", Duration.ofSeconds(60), () -> joined.getCluster().getMembers().size() == 3);

            PurgeRequest all = new PurgeRequest(PurgeRequest.Kind.PREFIX, "/");
            long now = System.currentTimeMillis();
            rogue.getTopic(PurgeFanout.TOPIC).publish(new PurgeFanout.Message("forged-1", now, all, "00".repeat(32)));
            rogue.getTopic(PurgeFanout.TOPIC).publish(new PurgeFanout.Message("forged-2", now, all, ""));
            // A signature copied from another purge does not sign this one.
            String other = ClusterTrust.of(popConfig("elsewhere").withSecret("some other secret, not the PoP's")).sign("x");
            rogue.getTopic(PurgeFanout.TOPIC).publish(new PurgeFanout.Message("forged-3", now, all, other));
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
            assertTrue(real.complete(), "legitimate purges still reach every proven member: " + real);
            assertEquals(2, real.nodesExpected(), "the rogue is not waited for: " + real);
            assertTrue(isHit(edges.get(0), path), "no forged purge removed the object");
        } finally {
            if (rogue != null) {
                rogue.getLifecycleService().terminate();
            }
            close(edges);
        }
    }

    @Test
    void forgedAndReplayedAcknowledgementsAndPurgesCountForNothing() throws Exception {
        try (TestPop pop = new TestPop("trust-acks", SECRET)) {
            PurgeFanoutTest.NodeCache fast = new PurgeFanoutTest.NodeCache();
            PurgeFanoutTest.NodeCache slow = new PurgeFanoutTest.NodeCache();
            PurgeFanout sender = new PurgeFanout(pop.join("127.0.0.1:18301"), fast);
            PopCluster late = pop.join("127.0.0.1:18302");
            PurgeFanout lateFanout = new PurgeFanout(late, slow);
            Config sniffed = PopCluster.hazelcastConfig(pop.base.withSecret("").withMembers(List.of(late.clusterAddress())), "127.0.0.1:2");
            sniffed.setClusterName(ClusterTrust.of(pop.base).clusterName("trust-acks"));
            sniffed.setInstanceName("rogue-acker");
            HazelcastInstance rogue = Hazelcast.newHazelcastInstance(sniffed);
            try {
                TestPop.await("2 proven members and the rogue", Duration.ofSeconds(60), () -> rogue.getCluster().getMembers().size() == 3
                        && pop.nodes.stream().allMatch(n -> n.members().size() == 2));
                // The rogue answers every purge at once in the slow member's name, claiming many objects removed, and
                // plays every genuine purge again.
                String lateId = late.self().id();
                List<PurgeFanout.Message> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
                rogue.getTopic(PurgeFanout.TOPIC).addMessageListener(m -> {
                    if (m.getMessageObject() instanceof PurgeFanout.Message p) {
                        seen.add(p);
                        rogue.getTopic(PurgeFanout.ACK_TOPIC).publish(new PurgeFanout.Ack(p.id(), lateId, 1_000, "00".repeat(32)));
                        rogue.getTopic(PurgeFanout.ACK_TOPIC).publish(new PurgeFanout.Ack(p.id(), lateId, 1_000, p.mac()));
                    }
                });
                for (var c : List.of(fast, slow)) {
                    c.entries.put("http://a.test/x", "x");
                }
                slow.delayMillis = 3_000; // past the 2 s ack timeout: only a forged ack could report it in time
                PurgeResult r = sender.purge(new PurgeRequest(PurgeRequest.Kind.URL, "http://a.test/x")).get(10, TimeUnit.SECONDS);
                assertEquals(1, r.nodesApplied(), "only the sender's own ack counts: " + r);
                assertEquals(1, r.objectsRemoved(), r.toString());
                assertFalse(r.complete(), r.toString());
                TestPop.await("the slow member applied it late", Duration.ofSeconds(10), () -> slow.entries.isEmpty());
                slow.delayMillis = 0;

                // The genuine purge the rogue copied, played again, removes nothing on any member: each drops it.
                fast.entries.put("http://a.test/x", "x");
                slow.entries.put("http://a.test/x", "x");
                String replayed = seen.get(0).id();
                List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
                java.util.logging.Handler drops = new java.util.logging.Handler() {
                    @Override
                    public void publish(java.util.logging.LogRecord record) {
                        logged.add(record.getMessage());
                    }

                    @Override
                    public void flush() {
                    }

                    @Override
                    public void close() {
                    }
                };
                java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.popnet.edge.cluster");
                log.addHandler(drops);
                try {
                    rogue.getTopic(PurgeFanout.TOPIC).publish(seen.get(0));
                    TestPop.await("both members dropped the replay", Duration.ofSeconds(20),
                            () -> logged.stream().filter(m -> m.contains(replayed) && m.contains("again")).count() == 2);
                } finally {
                    log.removeHandler(drops);
                }
                assertEquals(1, fast.entries.size(), "a replayed purge is dropped");
                assertEquals(1, slow.entries.size(), "a replayed purge is dropped");
                PurgeResult after = sender.purge(new PurgeRequest(PurgeRequest.Kind.URL, "http://a.test/x")).get(10, TimeUnit.SECONDS);
                assertTrue(after.complete(), "genuine purges still work: " + after);
                assertEquals(2, after.objectsRemoved(), after.toString());
            } finally {
                rogue.getLifecycleService().terminate();
                sender.close();
                lateFanout.close();
            }
        }
    }

    @Test
    void rogueMembersNeitherJoinNorOwnKeys() throws Exception {
        AtomicInteger rogueServed = new AtomicInteger();
        HttpServer rogueHttp = rig.vertx.createHttpServer().requestHandler(r -> {
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
