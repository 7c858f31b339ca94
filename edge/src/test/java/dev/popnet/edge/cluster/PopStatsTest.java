package dev.popnet.edge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PopStatsTest {

    /** A node's counters as its /stats would report them. */
    record Counters(AtomicLong hits, AtomicLong misses) {
        Map<String, Object> json() {
            Map<String, Object> cache = new LinkedHashMap<>();
            cache.put("hits", hits.get());
            cache.put("misses", misses.get());
            cache.put("hit_ratio", 0.5);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requests", hits.get() + misses.get());
            m.put("cache", cache);
            m.put("latency", Map.of("p99_ms", 3.5));
            return m;
        }
    }

    @Test
    void popScopeSumsEveryLiveMemberAndMembershipIsListed() throws Exception {
        try (TestPop pop = new TestPop("pop-stats")) {
            List<Counters> counters = new ArrayList<>();
            List<PopStats> stats = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Counters c = new Counters(new AtomicLong(10L * (i + 1)), new AtomicLong(i + 1));
                counters.add(c);
                stats.add(new PopStats(pop.join("127.0.0.1:1820" + i), c::json));
            }
            try {
                PopStats first = stats.get(0);
                TestPop.await("all 3 report", Duration.ofSeconds(10),
                        () -> (int) first.popWide().get("reporting") == 3);
                counters.get(2).hits().addAndGet(40);
                TestPop.await("refreshed", Duration.ofSeconds(5), () -> totals(first).get("requests").equals(106L));

                Map<String, Object> wide = first.popWide();
                assertEquals("pop", wide.get("scope"));
                assertEquals(3, wide.get("members"));
                @SuppressWarnings("unchecked")
                Map<String, Object> cache = (Map<String, Object>) totals(first).get("cache");
                assertEquals(100L, cache.get("hits"));
                assertEquals(6L, cache.get("misses"));
                assertEquals(100.0 / 106, (double) cache.get("hit_ratio"), 1e-9, "ratio recomputed, not summed");
                assertFalse(totals(first).containsKey("latency") && ((Map<?, ?>) totals(first).get("latency"))
                        .containsKey("p99_ms"), "percentiles are not added up");
                @SuppressWarnings("unchecked")
                Map<String, Object> nodes = (Map<String, Object>) wide.get("nodes");
                assertEquals(List.of("127.0.0.1:18200", "127.0.0.1:18201", "127.0.0.1:18202").stream().sorted().toList(),
                        nodes.keySet().stream().sorted().toList());

                Map<String, Object> members = stats.get(1).membership();
                assertEquals("pop-stats", members.get("pop"));
                assertEquals("127.0.0.1:18201", members.get("self"));
                assertEquals(3, ((List<?>) members.get("members")).size());

                pop.nodes.get(2).terminate();
                // One snapshot for all three: on a loaded machine a member's entry may lapse between two reads.
                TestPop.await("crashed member drops out, the two others summed", Duration.ofSeconds(15), () -> {
                    Map<String, Object> now = first.popWide();
                    return (int) now.get("members") == 2 && (int) now.get("reporting") == 2
                            && Long.valueOf(33).equals(((Map<?, ?>) now.get("totals")).get("requests"));
                });
            } finally {
                stats.forEach(PopStats::close);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> totals(PopStats s) {
        return (Map<String, Object>) s.popWide().get("totals");
    }

    @Test
    void sumAddsWholeNumbersThroughNestedObjectsOnly() {
        Map<String, Object> a = Map.of("n", 1, "x", 0.25, "o", Map.of("bytes", 5L, "hits", 1L, "misses", 1L));
        Map<String, Object> b = Map.of("n", 2L, "o", Map.of("bytes", 7, "hits", 2L, "misses", 0L), "s", "text");
        Map<String, Object> sum = StatsSum.sum(List.of(a, b));
        assertEquals(3L, sum.get("n"));
        assertFalse(sum.containsKey("x"));
        assertFalse(sum.containsKey("s"));
        Map<?, ?> o = (Map<?, ?>) sum.get("o");
        assertEquals(12L, o.get("bytes"));
        assertEquals(0.75, o.get("hit_ratio"));
        assertTrue(StatsSum.sum(List.of()).isEmpty());
    }
}
