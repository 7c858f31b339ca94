package dev.popnet.core.cache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.cache.EvictionPolicy;
import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.time.ManualTicker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each policy against sequences worked out by hand (unit weights unless stated). */
class PolicySequenceTest {
    private static final long[] SEQUENCE = {1, 2, 3, 1, 4, 2, 5, 1, 2, 3};

    record Outcome(String hits, List<Long> evictions) {
    }

    static Outcome run(EvictionPolicy policy, long... keys) {
        StringBuilder hits = new StringBuilder();
        List<Long> evictions = new ArrayList<>();
        for (long k : keys) {
            hits.append(policy.access(k, 1, (key, w) -> evictions.add(key)) ? 'h' : 'm');
            policy.checkInvariants();
        }
        return new Outcome(hits.toString(), evictions);
    }

    /*
     * Capacity 3, sequence 1 2 3 1 4 2 5 1 2 3:
     * lru:   4 evicts 2 (1 was just used), 2 evicts 3, 5 evicts 1, 1 evicts 4, 2 hits, 3 evicts 5.
     * fifo:  1 hits without moving; 4 evicts 1 (oldest), 2 hits, 5 evicts 2, 1 evicts 3, 2 evicts 4, 3 evicts 5.
     * clock: 4: hand clears 1's bit, evicts 2; then 3, 1, 4 fall as their bits are clear; 2's bit saves it, 5 goes.
     * sieve: 4: hand clears 1, evicts 2, stops at 3; 2 evicts 3; 5 evicts 4; 1 and 2 hit; 3: 2 is cleared, 5 goes.
     * lfu:   1 reaches count 2; 4 evicts 2 (oldest of count 1), 2 evicts 3, 5 evicts 4; 1, 2 hit; 3 evicts 5.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            lru   | mmmhmmmmhm | 2 3 1 4 5
            fifo  | mmmhmhmmmm | 1 2 3 4 5
            clock | mmmhmmmmhm | 2 3 1 4 5
            sieve | mmmhmmmhhm | 2 3 4 5
            lfu   | mmmhmmmhhm | 2 3 4 5
            """)
    void handComputedSequence(String name, String hits, String evictions) {
        Outcome o = run(PolicyRegistry.create(name, 3, new ManualTicker()), SEQUENCE);
        assertEquals(hits, o.hits(), name + " hits");
        assertEquals(evictions, String.join(" ", o.evictions().stream().map(String::valueOf).toList()), name + " victims");
    }

    /*
     * S3-FIFO, capacity 20, small queue 2: 1 is hit twice in small (count 2). Keys 2..20 fill the cache
     * (small may run over its share while the cache has room). 21: small's tail 1 has count 2 -> moved to
     * main; next tail 2 has count 0 -> evicted to the ghost queue. 2 again: a ghost hit, so it goes straight
     * to main; small's tail 3 is evicted to make room.
     */
    @Test
    void s3fifoPromotesRepeatedAndGhostHits() {
        EvictionPolicy p = PolicyRegistry.create("s3fifo", 20, new ManualTicker());
        long[] seq = new long[24];
        seq[0] = 1;
        seq[1] = 1;
        seq[2] = 1;
        for (int k = 2; k <= 21; k++) {
            seq[k + 1] = k;
        }
        seq[23] = 2;
        Outcome o = run(p, seq);
        assertEquals("mhh" + "m".repeat(21), o.hits());
        assertEquals(List.of(2L, 3L), o.evictions());
        assertTrue(p.weightOf(1) == 1 && p.weightOf(2) == 1 && p.weightOf(3) == -1);
    }

    /* ARC: T2 holds keys seen twice; with p = 0 a one-time scan only cycles T1, so 1 and 2 survive it. */
    @Test
    void arcResistsScans() {
        EvictionPolicy arc = PolicyRegistry.create("arc", 4, new ManualTicker());
        EvictionPolicy lru = PolicyRegistry.create("lru", 4, new ManualTicker());
        long[] seq = {1, 1, 2, 2, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 1, 2};
        assertTrue(run(arc, seq).hits().endsWith("hh"), "ARC keeps the twice-seen keys");
        assertTrue(run(lru, seq).hits().endsWith("mm"), "LRU loses them to the scan");
    }

    /* GDSF in bytes, capacity 100: A(50) B(10) C(40) fill it; priorities 1/50, 1/10, 1/40; D(10) evicts A. */
    @Test
    void gdsfEvictsLowestFrequencyPerByte() {
        EvictionPolicy p = PolicyRegistry.create("gdsf", 100, new ManualTicker());
        List<Long> victims = new ArrayList<>();
        p.access('A', 50, (k, w) -> victims.add(k));
        p.access('B', 10, (k, w) -> victims.add(k));
        p.access('C', 40, (k, w) -> victims.add(k));
        p.access('D', 10, (k, w) -> victims.add(k));
        assertEquals(List.of((long) 'A'), victims);
        p.checkInvariants();
    }

    /* W-TinyLFU (ours and Caffeine's): keys read five times each are not displaced by ten times as many one-time keys. */
    @ParameterizedTest
    @CsvSource({"caffeine, 10", "wtinylfu, 200"})
    void wtinylfuKeepsFrequentKeysAgainstOneTimers(String name, long capacity) {
        EvictionPolicy p = PolicyRegistry.create(name, capacity, new ManualTicker());
        for (int round = 0; round < 5; round++) {
            for (long k = 1; k <= capacity; k++) {
                p.access(k, 1, (key, w) -> { });
            }
        }
        for (long k = 10_000; k < 10_000 + 10 * capacity; k++) {
            p.access(k, 1, (key, w) -> { });
        }
        p.checkInvariants();
        long kept = java.util.stream.LongStream.rangeClosed(1, capacity).filter(k -> p.weightOf(k) >= 0).count();
        assertTrue(kept >= capacity * 3 / 4, name + " kept " + kept + " of " + capacity + " frequent keys");
        assertTrue(p.usedWeight() <= capacity);
    }

    /* Belady, capacity 2, 1 2 3 1 2: 3 is never asked again, so it is not admitted and 1, 2 both hit. */
    @Test
    void beladyBypassesObjectsNeededLast() {
        long[] seq = {1, 2, 3, 1, 2};
        long[] next = {3, 4, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        BeladyPolicy p = new BeladyPolicy(2, true);
        StringBuilder hits = new StringBuilder();
        for (int i = 0; i < seq.length; i++) {
            p.nextAccess(next[i]);
            hits.append(p.access(seq[i], 1, (k, w) -> { }) ? 'h' : 'm');
        }
        assertEquals("mmmhh", hits.toString());
        assertEquals("mmmmm", run(PolicyRegistry.create("lru", 2, new ManualTicker()), seq).hits());
    }

    @Test
    void changedSizeIsANewVersion() {
        for (String name : PolicyRegistry.names()) {
            EvictionPolicy p = PolicyRegistry.create(name, 100_000, new ManualTicker());
            if (p instanceof OfflinePolicy offline) {
                offline.nextAccess(5);
            }
            assertFalse(p.access(7, 100, (k, w) -> { }), name);
            assertFalse(p.access(7, 200, (k, w) -> { }), name + ": a new size is a miss");
            assertEquals(200, p.weightOf(7), name);
            assertTrue(p.access(7, 200, (k, w) -> { }), name);
            assertTrue(p.remove(7), name);
            assertEquals(-1, p.weightOf(7), name);
            p.checkInvariants();
        }
    }

    @Test
    void objectsLargerThanCapacityAreNeverAdmitted() {
        for (String name : PolicyRegistry.names()) {
            EvictionPolicy p = PolicyRegistry.create(name, 100, new ManualTicker());
            assertFalse(p.admit(1, 101, (k, w) -> { }), name);
            assertEquals(0, p.usedWeight(), name);
        }
    }
}
