package dev.popnet.edge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CrossPopPurgeTest {

    @Test
    void purgeReachesEveryNodeOfConfiguredPeerPopsAndCountsThem() throws Exception {
        try (TestPop fra = new TestPop("fra"); TestPop ams = new TestPop("ams")) {
            PurgeFanoutTest.NodeCache amsCache = new PurgeFanoutTest.NodeCache();
            PurgeFanout amsFanout = new PurgeFanout(ams.join("127.0.0.1:18400"), amsCache);
            PurgeFanoutTest.NodeCache fraCache0 = new PurgeFanoutTest.NodeCache();
            PurgeFanoutTest.NodeCache fraCache1 = new PurgeFanoutTest.NodeCache();
            PurgeFanout fraPlain = new PurgeFanout(fra.join("127.0.0.1:18401"), fraCache0);
            PopCluster fra1 = PopCluster.join(fra.base.withMembers(List.of(fra.nodes.get(0).clusterAddress()))
                    .withPeerPops(List.of("ams@" + ams.nodes.get(0).clusterAddress())), "127.0.0.1:18402");
            fra.nodes.add(fra1);
            PurgeFanout fraToAll = new PurgeFanout(fra1, fraCache1);
            try {
                TestPop.await("fra has 2 members", Duration.ofSeconds(10),
                        () -> fra.nodes.stream().allMatch(n -> n.members().size() == 2));
                TestPop.await("peer PoP connected", Duration.ofSeconds(10), () -> fraToAll.peerPopsConnected() == 1);
                for (var c : List.of(amsCache, fraCache0, fraCache1)) {
                    c.entries.put("http://a.test/x", "x");
                }

                PurgeResult all = fraToAll.purge(new PurgeRequest(PurgeRequest.Kind.URL, "http://a.test/x"))
                        .get(5, TimeUnit.SECONDS);
                assertEquals(3, all.nodesApplied(), "2 nodes of fra + 1 of ams: " + all);
                assertEquals(3, all.objectsRemoved());
                assertTrue(all.complete());
                assertTrue(amsCache.entries.isEmpty());

                amsCache.entries.put("http://a.test/y", "y");
                PurgeResult local = fraPlain.purge(new PurgeRequest(PurgeRequest.Kind.URL, "http://a.test/y"))
                        .get(5, TimeUnit.SECONDS);
                assertEquals(2, local.nodesApplied(), "a node without peer-pops purges its own PoP only: " + local);
                assertEquals(1, amsCache.entries.size());

                amsFanout.close();
                ams.close();
                PurgeResult down = fraToAll.purge(new PurgeRequest(PurgeRequest.Kind.URL, "http://a.test/y"))
                        .get(5, TimeUnit.SECONDS);
                assertEquals(2, down.nodesApplied());
                assertFalse(down.complete(), "a peer PoP that is down makes the purge incomplete: " + down);
            } finally {
                fraToAll.close();
                fraPlain.close();
            }
        }
    }
}
