package dev.popnet.core.cache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntMapTest {
    @Test
    void behavesLikeHashMap() {
        LongIntMap map = new LongIntMap(4);
        Map<Long, Integer> expected = new HashMap<>();
        Random r = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            long k = r.nextInt(5000) - 2500L;
            switch (r.nextInt(3)) {
                case 0 -> assertEquals(orAbsent(expected.put(k, i)), map.put(k, i));
                case 1 -> assertEquals(orAbsent(expected.remove(k)), map.remove(k));
                default -> assertEquals(orAbsent(expected.get(k)), map.get(k));
            }
            assertEquals(expected.size(), map.size());
        }
        for (Map.Entry<Long, Integer> e : expected.entrySet()) {
            assertEquals(e.getValue(), map.get(e.getKey()));
        }
    }

    private static int orAbsent(Integer value) {
        return value == null ? LongIntMap.ABSENT : value;
    }
}
