package dev.popnet.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.cache.decision.CacheMachine;
import dev.popnet.core.cache.decision.ResponseHead;
import dev.popnet.core.cache.decision.Stored;
import dev.popnet.core.http.HeaderList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The table answers as a plain map of ids to stored responses does, through growth and removals that shift entries. */
class StoredTableTest {

    @Test
    void holdsWhatAMapHolds() {
        ResponseHead[] heads = new ResponseHead[5];
        for (int h = 0; h < heads.length; h++) {
            heads[h] = ResponseHead.of(200, new HeaderList(List.of(new HeaderList.Field("Cache-Control", "max-age=" + h * 30))), 86_400);
        }
        StoredTable table = new StoredTable(4, new StoredTable.Heads());
        Map<Long, Stored> expected = new HashMap<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int op = 0; op < 200_000; op++) {
            long id = random.nextLong(5_000) - 100; // negative and zero ids too
            int what = random.nextInt(10);
            if (what < 5) {
                Stored s = new Stored(heads[random.nextInt(heads.length)], op, op + random.nextInt(50), random.nextInt(5_000),
                        random.nextLong(1 << 20), random.nextInt(3));
                assertEquals(expected.put(id, s) != null, table.put(id, s), "put " + id);
            } else if (what < 7) {
                assertEquals(expected.remove(id) != null, table.remove(id), "remove " + id);
            } else {
                int slot = table.find(id);
                Stored s = expected.get(id);
                assertEquals(s == null, slot < 0, "find " + id);
                if (s != null) {
                    assertEquals(s, table.stored(slot));
                    assertEquals(s.size(), table.size(slot));
                    assertEquals(CacheMachine.plainFreshUntil(s), table.freshUntil(slot));
                }
            }
            assertEquals(expected.size(), table.count());
        }
        long[] ids = table.ids();
        Arrays.sort(ids);
        assertTrue(Arrays.equals(expected.keySet().stream().mapToLong(Long::longValue).sorted().toArray(), ids), "every id once");
    }
}
