package dev.popnet.edge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PurgeFanoutTest {
    /** A node's cache contents: key -> surrogate key. */
    static final class NodeCache implements PurgeTarget {
        final Map<String, String> entries = new ConcurrentHashMap<>();
        volatile long delayMillis;

        @Override
        public long purgeLocally(PurgeRequest r) {
            sleep(delayMillis);
            long before = entries.size();
            entries.entrySet().removeIf(e -> switch (r.kind()) {
                case URL -> e.getKey().equals(r.value());
                case PREFIX -> e.getKey().startsWith(r.value());
                case SURROGATE_KEY -> e.getValue().equals(r.value());
            });
            return before - entries.size();
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static TestPop pop;
    static final List<NodeCache> caches = new ArrayList<>();
    static final List<PurgeFanout> fanouts = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pop = new TestPop("pop-purge");
        for (int i = 0; i < 3; i++) {
            PopCluster c = pop.join("127.0.0.1:1810" + i);
            NodeCache cache = new NodeCache();
            caches.add(cache);
            fanouts.add(new PurgeFanout(c, cache));
        }
        for (PopCluster n : pop.nodes) {
            TestPop.await("3 members", Duration.ofSeconds(10), () -> n.members().size() == 3);
        }
        // Acks go to a partitioned map: let the partitions settle after the joins before timing purges.
        TestPop.await("partitions settled", Duration.ofSeconds(20),
                () -> pop.nodes.get(0).hazelcast().getPartitionService().isClusterSafe());
    }

    @AfterAll
    static void stop() {
        fanouts.forEach(PurgeFanout::close);
        pop.close();
    }

    private static void fill() {
        for (NodeCache c : caches) {
            c.entries.clear();
            c.entries.put("http://a.test/img/1.png", "img");
            c.entries.put("http://a.test/img/2.png", "img");
            c.entries.put("http://a.test/index.html", "page");
        }
    }

    @Test
    void purgeSentToOneNodeIsAppliedOnEveryNodeAndCounted() throws Exception {
        fill();
        PurgeResult url = fanouts.get(1).purge(new PurgeRequest(PurgeRequest.Kind.URL, "http://a.test/index.html"))
                .get(5, TimeUnit.SECONDS);
        assertEquals(3, url.nodesApplied());
        assertEquals(3, url.nodesExpected());
        assertEquals(3, url.objectsRemoved(), "one object on each of 3 nodes");
        assertTrue(url.complete());
        caches.forEach(c -> assertEquals(2, c.entries.size()));

        PurgeResult prefix = fanouts.get(2).purge(new PurgeRequest(PurgeRequest.Kind.PREFIX, "http://a.test/img/"))
                .get(5, TimeUnit.SECONDS);
        assertEquals(3, prefix.nodesApplied());
        assertEquals(6, prefix.objectsRemoved());
        caches.forEach(c -> assertTrue(c.entries.isEmpty()));
    }

    @Test
    void surrogateKeyPurgeAndPurgeOfNothingStillAcknowledged() throws Exception {
        fill();
        PurgeResult tag = fanouts.get(0).purge(new PurgeRequest(PurgeRequest.Kind.SURROGATE_KEY, "img"))
                .get(5, TimeUnit.SECONDS);
        assertEquals(6, tag.objectsRemoved());
        PurgeResult none = fanouts.get(0).purge(new PurgeRequest(PurgeRequest.Kind.SURROGATE_KEY, "img"))
                .get(5, TimeUnit.SECONDS);
        assertEquals(3, none.nodesApplied(), "a node with nothing to remove still reports it applied the purge");
        assertEquals(0, none.objectsRemoved());
    }

    @Test
    void purgeRightAfterAMemberCrashesNeverHangsPastTheTimeout() throws Exception {
        PopCluster extra = pop.join("127.0.0.1:18109");
        PurgeFanout extraFanout = new PurgeFanout(extra, new NodeCache());
        try {
            TestPop.await("4 members", Duration.ofSeconds(10),
                    () -> pop.nodes.stream().filter(PopCluster::isRunning).allMatch(n -> n.members().size() == 4));
            fill();
            extra.terminate();
            long start = System.nanoTime();
            PurgeResult r = fanouts.get(0).purge(new PurgeRequest(PurgeRequest.Kind.URL, "http://a.test/index.html"))
                    .get(5, TimeUnit.SECONDS);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(3, r.nodesApplied(), "the 3 live nodes applied it: " + r);
            assertTrue(tookMs < 4_000, "answered by the 2 s ack timeout (plus scheduling slack), took " + tookMs + " ms");
            caches.forEach(c -> assertEquals(2, c.entries.size()));
        } finally {
            extraFanout.close();
            pop.nodes.remove(extra);
            // Acks live in a partitioned map: wait until the dead member's partitions have new owners.
            TestPop.await("back to 3 and safe", Duration.ofSeconds(20),
                    () -> pop.nodes.stream().allMatch(n -> n.members().size() == 3)
                            && pop.nodes.get(0).hazelcast().getPartitionService().isClusterSafe());
        }
    }

    @Test
    void slowNodeMissesTheAckTimeoutAndTheResultSaysSo() throws Exception {
        fill();
        caches.get(2).delayMillis = 4_000; // well past the 2 s purge-ack-timeout
        try {
            long start = System.nanoTime();
            PurgeResult r = fanouts.get(0).purge(new PurgeRequest(PurgeRequest.Kind.URL, "http://a.test/index.html"))
                    .get(5, TimeUnit.SECONDS);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(2, r.nodesApplied());
            assertEquals(3, r.nodesExpected());
            assertFalse(r.complete());
            assertTrue(tookMs >= 1_900 && tookMs < 3_900, "answered at the ack timeout, took " + tookMs + " ms");
        } finally {
            caches.get(2).delayMillis = 0;
        }
        TestPop.await("slow node applied it late", Duration.ofSeconds(8),
                () -> !caches.get(2).entries.containsKey("http://a.test/index.html"));
    }
}
