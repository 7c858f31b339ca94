package dev.popnet.core.cache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CountingBloomFilterTest {
    @Test
    void remainderWithoutDivisionEqualsTheOperator() {
        Random r = new Random(7);
        int[] divisors = {1, 2, 3, 7, 20, 1_441_000, 14_400_000, (1 << 24) - 1, Integer.MAX_VALUE};
        for (int d : divisors) {
            long m = CountingBloomFilter.reciprocal(d);
            long[] edges = {0, 1, d - 1L, d, d + 1L, 0xFFFF_FFFFL, 0xFFFF_FFFEL, 0x8000_0000L};
            for (long x : edges) {
                assertEquals(x % d, CountingBloomFilter.remainder(x, m, d), x + " mod " + d);
            }
            for (int i = 0; i < 100_000; i++) {
                long x = r.nextInt() & 0xFFFF_FFFFL;
                assertEquals(x % d, CountingBloomFilter.remainder(x, m, d), x + " mod " + d);
            }
        }
    }
}
