package dev.popnet.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.cache.EvictionPolicy;
import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.cache.decision.CacheMachine;
import dev.popnet.core.cache.decision.ResponseHead;
import dev.popnet.core.cache.decision.Stored;
import dev.popnet.core.http.HeaderList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An edge holds a stored response for exactly the keys its policy keeps resident, the last one stored
 * for each, through admissions, evictions, replacements, size changes and removals: with a policy that
 * numbers its entries (the responses sit by those numbers) and with one that does not (a table of their own).
 */
class EdgeEntriesTest {

    @ParameterizedTest
    @ValueSource(strings = {"lru", "sieve", "fifo", "s3fifo", "arc"})
    void storedResponsesFollowTheResidentKeys(String policyName) {
        EvictionPolicy policy = PolicyRegistry.create(policyName, 400_000, () -> 0);
        ResponseHead head = ResponseHead.of(200, new HeaderList(List.of(new HeaderList.Field("Cache-Control", "max-age=60"))), 86_400);
        EdgeNode edge = new EdgeNode("e1", null, policy, 1, CacheMachine.Settings.DEFAULTS, CapacityMode.BYTES, new StoredTable.Heads());
        Map<Long, Stored> last = new HashMap<>();
        SplittableRandom random = new SplittableRandom(5);
        for (int op = 0; op < 100_000; op++) {
            long id = random.nextLong(2_000);
            long size = 1_000 + 100 * random.nextInt(3);
            int what = random.nextInt(10);
            if (what < 4) {
                Stored s = new Stored(head, op, op + 1, random.nextInt(5_000), size, random.nextInt(3));
                edge.store(id, s);
                last.put(id, s);
            } else if (what < 5) {
                edge.remove(id);
            } else {
                int slot = edge.lookup(id, size);
                if (slot >= 0) {
                    assertEquals(last.get(id), edge.stored(slot), "lookup " + id);
                    assertEquals(CacheMachine.plainFreshUntil(last.get(id)), edge.freshUntil(slot));
                }
            }
            if (op % 1_000 == 0) {
                edge.checkInvariants();
            }
        }
        edge.checkInvariants();
        long[] resident = new long[2_000];
        int n = 0;
        for (long id = 0; id < 2_000; id++) {
            if (policy.weightOf(id) >= 0) {
                resident[n++] = id;
                assertEquals(last.get(id), edge.peek(id), "peek " + id);
            } else {
                assertNull(edge.peek(id), "peek " + id);
            }
        }
        long[] ids = edge.storedIds();
        Arrays.sort(ids);
        assertArrayEquals(Arrays.copyOf(resident, n), ids);
    }
}
