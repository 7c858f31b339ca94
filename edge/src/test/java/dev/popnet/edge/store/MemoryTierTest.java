package dev.popnet.edge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The sharded tier under concurrent puts, hits and purges keeps its byte bound and its indexes exact. */
class MemoryTierTest {
    record Item(String primaryKey, String varyKey, String vary, long weight, List<String> surrogateKeys) implements Storable {
        static Item of(int i) {
            return new Item("http://h" + (i % 3) + ".test/g" + (i / 10) + "/" + i, "", "", 100, List.of("g" + (i / 10), "all"));
        }
    }

    @Test
    void concurrentHitsPutsAndPurgesKeepTheBoundAndTheIndexesExact() throws Exception {
        MemoryTier<Item> tier = new MemoryTier<>("lru", 5_000 * 100L, 64, () -> 0, o -> o, o -> { });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int seed = t;
            runs.add(pool.submit(() -> {
                Random r = new Random(seed);
                for (int n = 0; n < 50_000; n++) {
                    int i = r.nextInt(20_000);
                    switch (r.nextInt(20)) {
                        case 0 -> tier.purgePrefix("/g" + (i / 10) + "/", k -> true, false);
                        case 1 -> tier.purgeSurrogateKey("g" + (i / 10), k -> true, r.nextBoolean());
                        case 2 -> tier.purgeUrl(Item.of(i).primaryKey(), k -> true, false);
                        case 3, 4, 5, 6 -> tier.put(Item.of(i));
                        default -> tier.lookup(Item.of(i).primaryKey(), vary -> "");
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : runs) {
            f.get();
        }
        pool.shutdown();
        tier.checkInvariants();
        assertTrue(tier.bytes() <= tier.capacity() && tier.count() > 0, tier.count() + " objects, " + tier.bytes() + " bytes");
        assertEquals(tier.indexedKeys(), tier.index().size(), "one ordered entry per stored key");
        int stored = tier.count();
        assertEquals(stored, tier.purgeSurrogateKey("all", k -> true, false));
        assertEquals(0, tier.count());
        assertEquals(0, tier.index().size());
        assertEquals(0, tier.index().tags(), "no tag outlives its objects");
    }

    @Test
    void aUrlPurgeTakesThePathOnEveryHostThatThePredicateAccepts() {
        MemoryTier<Item> tier = new MemoryTier<>("lru", 1 << 20, 4, () -> 0, o -> o, o -> { });
        for (String host : new String[] {"a.test", "b.test", "c.test"}) {
            tier.put(new Item("http://" + host + "/x?q=1", "", "", 100, List.of()));
            tier.put(new Item("http://" + host + "/x?q=12", "", "", 100, List.of()));
        }
        assertEquals(2, tier.purgeUrl("http://a.test/x?q=1", k -> !k.contains("c.test"), false));
        assertNull(tier.lookup("http://b.test/x?q=1", v -> ""));
        assertNotNull(tier.lookup("http://c.test/x?q=1", v -> ""), "the predicate kept it");
        assertNotNull(tier.lookup("http://a.test/x?q=12", v -> ""), "a longer query is another URL");
        assertEquals(4, tier.purgePrefix("/x?q=1", k -> true, false), "a prefix takes both lengths");
    }

    @Test
    void millionsOfKeysPassingThroughLeaveIndexesNoLargerThanWhatIsStored() {
        MemoryTier<Item> tier = new MemoryTier<>("lru", 10_000 * 100L, 64, () -> 0, o -> o, o -> { });
        int peakIndexed = 0;
        int peakTags = 0;
        for (int i = 0; i < 1_000_000; i++) {
            tier.put(new Item("http://h.test/k/" + i, "", "", 100, List.of("t" + i, "group-" + (i % 1000))));
            if (i % 100_000 == 0) {
                peakIndexed = Math.max(peakIndexed, tier.index().size());
                peakTags = Math.max(peakTags, tier.index().tags());
            }
        }
        tier.checkInvariants();
        assertTrue(tier.count() <= 10_000, tier.count() + " objects stored");
        assertTrue(peakIndexed <= 10_000 && tier.index().size() == tier.count(), "path index at most " + peakIndexed + " keys");
        // every stored key carries its own tag and one of 1,000 groups: no tag of an evicted key is left
        assertTrue(peakTags <= 10_000 + 1_000 && tier.index().tags() <= tier.count() + 1_000, "tags indexed at most " + peakTags);
        assertTrue(tier.evictions() >= 1_000_000 - 10_000, "evicted " + tier.evictions());
    }

    @Test
    void releasingAllLetsEveryObjectGoOnceAndEmptiesTheIndexes() {
        Set<String> released = ConcurrentHashMap.newKeySet();
        MemoryTier<Item> tier = new MemoryTier<>("lru", 10_000 * 100L, 16, () -> 0, o -> o, o -> { },
                o -> assertTrue(released.add(o.primaryKey()), "released twice: " + o.primaryKey()));
        for (int i = 0; i < 5_000; i++) {
            tier.put(Item.of(i));
        }
        tier.releaseAll();
        assertEquals(5_000, released.size());
        assertEquals(0, tier.count());
        assertEquals(0, tier.bytes());
        assertEquals(0, tier.index().size());
        assertEquals(0, tier.index().tags());
    }

    @Test
    void shardsKeepRoomForTheLargestObjects() {
        assertEquals(1, MemoryTier.shardsFor(4L << 20, 1L << 20));
        assertEquals(16, MemoryTier.shardsFor(64L << 20, 1L << 20));
        assertEquals(MemoryTier.MAX_SHARDS, MemoryTier.shardsFor(64L << 30, 8L << 20));
    }
}
