package dev.popnet.core.cache.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.cache.EvictionListener;
import dev.popnet.core.cache.EvictionPolicy;
import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.time.ManualTicker;
import org.junit.jupiter.api.Test;

/** Each admission filter in front of a real policy. */
class AdmissionFilterTest {
    private static EvictionPolicy behind(String policy, long capacity, String filter) {
        return new AdmittedPolicy(PolicyRegistry.create(policy, capacity, new ManualTicker()), AdmissionFilters.create(filter));
    }

    @Test
    void sizeThresholdKeepsLargeObjectsOut() {
        EvictionPolicy p = behind("lru", 1_000_000, "size(max=1KiB)");
        assertEquals("lru+size(max=1024)", p.name());
        assertFalse(p.access(1, 1024, EvictionListener.NONE));
        assertEquals(-1, p.weightOf(1), "1 KiB is not below the threshold");
        assertFalse(p.access(2, 1023, EvictionListener.NONE));
        assertTrue(p.access(2, 1023, EvictionListener.NONE));
    }

    @Test
    void secondHitAdmitsOnTheSecondMiss() {
        EvictionPolicy p = behind("fifo", 100, "second-hit(keys=1000)");
        assertFalse(p.access(7, 1, EvictionListener.NONE));
        assertEquals(-1, p.weightOf(7));
        assertFalse(p.access(7, 1, EvictionListener.NONE));
        assertEquals(1, p.weightOf(7));
        assertTrue(p.access(7, 1, EvictionListener.NONE));
        int admittedOnFirstMiss = 0;
        for (long k = 1000; k < 2000; k++) {
            p.access(k, 1, EvictionListener.NONE);
            admittedOnFirstMiss += p.weightOf(k) >= 0 ? 1 : 0;
        }
        assertTrue(admittedOnFirstMiss < 30, "about 1% false positives, got " + admittedOnFirstMiss);
    }

    @Test
    void tinyLfuRefusesOneTimersAgainstAFrequentVictim() {
        EvictionPolicy p = behind("lru", 10, "tinylfu(keys=1000)");
        for (int round = 0; round < 4; round++) {
            for (long k = 1; k <= 10; k++) {
                p.access(k, 1, EvictionListener.NONE);
            }
        }
        for (long k = 100; k < 200; k++) {
            p.access(k, 1, EvictionListener.NONE);
        }
        for (long k = 1; k <= 10; k++) {
            assertTrue(p.weightOf(k) >= 0, "frequent key " + k + " kept");
        }
        EvictionPolicy plain = PolicyRegistry.create("lru", 10, new ManualTicker());
        for (long k = 100; k < 200; k++) {
            plain.access(k, 1, EvictionListener.NONE);
        }
        assertEquals(10, plain.residentCount());
    }

    @Test
    void adaptSizeAdmitsSmallObjectsFarMoreOftenAndRepeats() {
        int[] small = new int[2];
        int[] large = new int[2];
        for (int run = 0; run < 2; run++) {
            EvictionPolicy p = behind("lru", Long.MAX_VALUE / 4, "adaptsize(c=10KiB,seed=3)");
            for (long k = 0; k < 2000; k++) {
                p.access(k, 1000, EvictionListener.NONE);
                p.access(100_000 + k, 100_000, EvictionListener.NONE);
                small[run] += p.weightOf(k) >= 0 ? 1 : 0;
                large[run] += p.weightOf(100_000 + k) >= 0 ? 1 : 0;
            }
        }
        assertEquals(small[0], small[1], "seeded: the same run twice");
        assertEquals(large[0], large[1]);
        assertTrue(small[0] > 1700 && large[0] < 20, "e^-0.1 vs e^-10: " + small[0] + " small, " + large[0] + " large admitted");
    }

    @Test
    void badSpecsNameTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdmissionFilters.create("size")).getMessage().contains("needs max="));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdmissionFilters.create("lottery")).getMessage().contains("known:"));
    }
}
