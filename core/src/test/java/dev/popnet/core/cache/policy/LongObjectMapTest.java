package dev.popnet.core.cache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongObjectMapTest {
    @Test
    void behavesLikeHashMap() {
        LongObjectMap<String> map = new LongObjectMap<>();
        Map<Long, String> expected = new HashMap<>();
        Random r = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            long k = r.nextInt(5000) - 2500L;
            switch (r.nextInt(3)) {
                case 0 -> assertEquals(expected.put(k, "v" + i), map.put(k, "v" + i));
                case 1 -> assertEquals(expected.remove(k), map.remove(k));
                default -> assertEquals(expected.get(k), map.get(k));
            }
            assertEquals(expected.size(), map.size());
        }
        for (Map.Entry<Long, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), map.get(e.getKey()));
        }
    }
}
