package dev.popnet.edge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.edge.EdgeServer;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Purges between PoPs: real edges in two PoPs (fra: 2 nodes, ams: 1) that share a secret, a real origin; the
 * purge goes from one fra edge to ams through ams's HTTP purge API, signed, and ams's signed answer is counted.
 * Forged, replayed and foreign purges sent straight to the API are refused, and a forged answer counts for nothing.
 */
class CrossPopPurgeTest {
    private static final String SECRET = "the secret fra and ams share";
    private static EdgesOnOneOrigin rig;

    @BeforeAll
    static void start() throws Exception {
        rig = EdgesOnOneOrigin.start();
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
    }

    private static ClusterConfig popConfig(String pop, String secret) {
        return TestPop.loopback(pop, secret);
    }

    private static EdgeServer edge(String node, ClusterConfig cluster) throws Exception {
        return rig.edge(node, cluster);
    }

    /** "status|signature header|body" of a request. */
    private static String send(int port, HttpMethod method, String path, MultiMap headers, String body) throws Exception {
        RequestOptions o = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path).setHeaders(headers)
                .setTimeout(20_000);
        return rig.client.request(o).compose(r -> r.send(body)).compose(resp -> resp.body().map(b -> resp.statusCode() + "|"
                + resp.getHeader(PurgeFanout.PEER_SIGNATURE_HEADER) + "|" + b)).await(30, TimeUnit.SECONDS);
    }

    /** "status cache-status|body" of a GET. */
    private static String get(EdgeServer e, String path) throws Exception {
        return rig.get(e, path);
    }

    private static String peerPurge(EdgeServer e, String body, String signature) throws Exception {
        return send(e.port(), HttpMethod.POST, "/purge", MultiMap.caseInsensitiveMultiMap().set("Host", EdgesOnOneOrigin.HOST)
                .set(PurgeFanout.PEER_SIGNATURE_HEADER, signature).set("Content-Type", "application/json"), body);
    }

    private static void cached(EdgeServer e, String path) throws Exception {
        get(e, path);
        TestPop.await("cached at " + e.port(), Duration.ofSeconds(20), () -> {
            try {
                return get(e, path).contains("; hit");
            } catch (Exception ex) {
                return false;
            }
        });
    }

    @Test
    void purgeReachesPeerPopsOverTheirSignedPurgeApiAndOnlyGenuineAnswersCount() throws Exception {
        List<EdgeServer> edges = new ArrayList<>();
        HttpServer forger = rig.vertx.createHttpServer().requestHandler(r -> r.body().onSuccess(b -> r.response()
                .putHeader("Content-Type", "application/json").putHeader(PurgeFanout.PEER_SIGNATURE_HEADER, "00".repeat(32))
                .end("{\"id\":\"x\",\"nodes_applied\":9,\"nodes_expected\":9,\"objects_removed\":9,\"pops_unreached\":0,"
                        + "\"complete\":true,\"purge\":\"" + PeerPurge.parse(b.toString()).id() + "\"}")))
                .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        try {
            EdgeServer ams = edge("ams0", popConfig("ams", SECRET));
            edges.add(ams);
            EdgeServer fra0 = edge("fra0", popConfig("fra", SECRET));
            edges.add(fra0);
            EdgeServer fra1 = edge("fra1", popConfig("fra", SECRET).withMembers(List.of(fra0.cluster().membership().clusterAddress()))
                    .withPeerPops(List.of("ams@127.0.0.1:" + ams.port())));
            edges.add(fra1);
            TestPop.await("fra has 2 members", Duration.ofSeconds(60),
                    () -> fra0.cluster().membership().members().size() == 2 && fra1.cluster().membership().members().size() == 2);
            String path = "/obj/cross?size=400&ttl=300";
            cached(ams, path);
            cached(fra0, path);

            PurgeResult all = fra1.cluster().purges().purge(new PurgeRequest(PurgeRequest.Kind.PREFIX, "/obj/"))
                    .get(20, TimeUnit.SECONDS);
            assertEquals(3, all.nodesApplied(), "2 nodes of fra + 1 of ams: " + all);
            assertEquals(3, all.nodesExpected(), all.toString());
            assertEquals(2, all.objectsRemoved(), "the object at fra's owner and at ams: " + all);
            assertEquals(0, all.popsUnreached(), all.toString());
            assertTrue(all.complete(), all.toString());
            assertFalse(get(ams, path).contains("; hit"), "ams purged it");

            cached(ams, path);
            PurgeResult local = fra0.cluster().purges().purge(new PurgeRequest(PurgeRequest.Kind.PREFIX, "/obj/"))
                    .get(20, TimeUnit.SECONDS);
            assertEquals(2, local.nodesApplied(), "a node without peer-pops purges its own PoP only: " + local);
            assertTrue(get(ams, path).contains("; hit"), "ams kept it");

            // Straight at ams's purge API: a genuine signed purge is applied once and answered with a signed result.
            ClusterTrust trust = ClusterTrust.of(popConfig("ams", SECRET));
            String body = new PeerPurge("test-1", "fra", System.currentTimeMillis(), new PurgeRequest(PurgeRequest.Kind.PREFIX, "/obj/")).toJson();
            String signature = trust.sign(PeerPurge.signedText(body));
            String[] ok = peerPurge(ams, body, signature).split("\\|", 3);
            assertEquals("200", ok[0], String.join("|", ok));
            assertTrue(trust.verify(PeerPurge.signedAnswer(ok[2]), ok[1]), "the answer is signed: " + String.join("|", ok));
            assertTrue(ok[2].contains("\"purge\":\"test-1\"") && ok[2].contains("\"objects_removed\":1"), ok[2]);
            assertTrue(peerPurge(ams, body, signature).startsWith("409|"), "a replayed purge is refused");
            String old = new PeerPurge("test-2", "fra", System.currentTimeMillis() - Duration.ofHours(1).toMillis(),
                    new PurgeRequest(PurgeRequest.Kind.PREFIX, "/")).toJson();
            assertTrue(peerPurge(ams, old, trust.sign(PeerPurge.signedText(old))).startsWith("409|"), "an old purge is refused");
            String fresh = new PeerPurge("test-3", "fra", System.currentTimeMillis(), new PurgeRequest(PurgeRequest.Kind.PREFIX, "/")).toJson();
            String foreign = ClusterTrust.of(popConfig("ams", "some other secret, not the PoP's")).sign(PeerPurge.signedText(fresh));
            assertTrue(peerPurge(ams, fresh, foreign).startsWith("401|"), "a purge signed with another secret is refused");
            assertTrue(peerPurge(ams, fresh + " ", signature).startsWith("401|"), "an altered body is refused");
            assertTrue(peerPurge(ams, fresh, "zz").startsWith("401|"), "a signature that is not hex is refused");
            assertTrue(peerPurge(ams, "x".repeat(100_000), signature).startsWith("413|"), "a huge body is refused unread");
            cached(ams, path);
            assertTrue(get(ams, path).contains("; hit"), "no refused purge removed anything");

            // A peer PoP that answers with a forged signature is not counted, nor is one that is down.
            EdgeServer fra2 = edge("fra2", popConfig("fra", SECRET).withMembers(List.of(fra0.cluster().membership().clusterAddress()))
                    .withPeerPops(List.of("ams@127.0.0.1:" + forger.actualPort())));
            edges.add(fra2);
            TestPop.await("fra has 3 members", Duration.ofSeconds(60), () -> fra0.cluster().membership().members().size() == 3
                    && fra2.cluster().membership().members().size() == 3);
            PurgeResult forged = fra2.cluster().purges().purge(new PurgeRequest(PurgeRequest.Kind.URL, "http://cdn.popnet.test/none"))
                    .get(20, TimeUnit.SECONDS);
            assertEquals(3, forged.nodesApplied(), "fra's own 3 nodes, none of the forger's 9: " + forged);
            assertEquals(1, forged.popsUnreached(), forged.toString());
            assertFalse(forged.complete(), forged.toString());

            ams.close().await(20, TimeUnit.SECONDS);
            edges.remove(ams);
            PurgeResult down = fra1.cluster().purges().purge(new PurgeRequest(PurgeRequest.Kind.URL, "http://cdn.popnet.test/none"))
                    .get(20, TimeUnit.SECONDS);
            assertEquals(3, down.nodesApplied(), down.toString());
            assertEquals(1, down.popsUnreached(), down.toString());
            assertFalse(down.complete(), "a peer PoP that is down makes the purge incomplete: " + down);
        } finally {
            for (EdgeServer e : edges) {
                e.close().await(20, TimeUnit.SECONDS);
            }
            forger.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anEdgeWithoutASecretOrAPopTakesNoPurgesFromOtherPops() throws Exception {
        ClusterTrust trust = ClusterTrust.of(popConfig("ams", SECRET));
        String body = new PeerPurge("lone-1", "fra", System.currentTimeMillis(), new PurgeRequest(PurgeRequest.Kind.PREFIX, "/")).toJson();
        String signature = trust.sign(PeerPurge.signedText(body));
        EdgeServer lone = rig.edge("lone", null);
        EdgeServer open = edge("open0", popConfig("open", ""));
        try {
            assertTrue(peerPurge(lone, body, signature).startsWith("403|"), "an edge in no PoP");
            String answer = peerPurge(open, body, signature);
            assertTrue(answer.startsWith("403|") && answer.contains("no cluster.secret"), answer);
            assertNotNull(open.cluster());
        } finally {
            lone.close().await(20, TimeUnit.SECONDS);
            open.close().await(20, TimeUnit.SECONDS);
        }
    }
}
