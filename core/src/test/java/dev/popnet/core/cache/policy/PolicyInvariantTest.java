package dev.popnet.core.cache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.cache.EvictionPolicy;
import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.time.ManualTicker;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Random sizes, hits, removals: every policy keeps its books straight and reports every eviction. */
class PolicyInvariantTest {
    static Set<String> names() {
        return PolicyRegistry.names();
    }

    @ParameterizedTest
    @MethodSource("names")
    void invariantsHoldUnderRandomTraffic(String name) {
        EvictionPolicy p = PolicyRegistry.create(name, 50_000, new ManualTicker());
        Random random = new Random(42);
        Set<Long> resident = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            long key = random.nextInt(2000);
            long size = 1 + Math.floorMod(key * 7919, 2000);
            if (p instanceof OfflinePolicy offline) {
                offline.nextAccess(random.nextInt(100) == 0 ? Long.MAX_VALUE : i + random.nextInt(5000));
            }
            if (random.nextInt(50) == 0) {
                assertEquals(resident.remove(key), p.remove(key), name + " remove " + key);
            } else {
                boolean wasResident = resident.contains(key);
                boolean hit = p.access(key, size, (k, w) -> assertTrue(resident.remove(k), name + " evicted non-resident " + k));
                assertEquals(wasResident, hit, name + " hit disagrees with residency of " + key);
                if (p.weightOf(key) >= 0) {
                    resident.add(key);
                }
            }
            if (i % 5000 == 0) {
                p.checkInvariants();
            }
        }
        p.checkInvariants();
        assertEquals(resident.size(), p.residentCount(), name);
        assertTrue(p.usedWeight() <= p.capacity(), name);
    }
}
