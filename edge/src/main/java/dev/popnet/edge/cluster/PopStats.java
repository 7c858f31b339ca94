package dev.popnet.edge.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.map.IMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * PoP-wide view of the edge's /stats: each member publishes its own stats (as JSON, signed) in a shared map every
 * {@code cluster.stats-refresh}; entries expire after three missed refreshes, and only live members are
 * read. {@link #popWide()} lists every member's stats and sums their counters.
 */
public final class PopStats implements AutoCloseable {
    static final String MAP = "popnet-node-stats";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    private final PopCluster cluster;
    private final Supplier<Map<String, Object>> local;
    private final IMap<String, String> published;
    private final ScheduledExecutorService refresher;

    public PopStats(PopCluster cluster, Supplier<Map<String, Object>> local) {
        this.cluster = cluster;
        this.local = local;
        this.published = cluster.hazelcast().getMap(MAP);
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "popnet-pop-stats-" + cluster.pop());
            t.setDaemon(true);
            return t;
        });
        long every = cluster.config().statsRefresh().toMillis();
        refresher.scheduleWithFixedDelay(this::publishQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    /** The membership section of this node's /stats. */
    public Map<String, Object> membership() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pop", cluster.pop());
        m.put("self", cluster.self().httpAddress());
        m.put("members", cluster.members().stream().map(PopStats::describe).toList());
        return m;
    }

    /** /stats?scope=pop: every live member's latest stats and the sum of their counters. */
    public Map<String, Object> popWide() {
        List<PopMember> live = cluster.members();
        Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
        for (PopMember m : live) {
            Map<String, Object> s = m.local() ? local.get() : read(m.id(), published.get(m.id()));
            if (s != null) {
                nodes.put(m.httpAddress(), s);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scope", "pop");
        out.put("pop", cluster.pop());
        out.put("members", live.size());
        out.put("reporting", nodes.size());
        out.put("totals", StatsSum.sum(nodes.values()));
        out.put("nodes", nodes);
        return out;
    }

    private void publishQuietly() {
        try {
            if (cluster.isRunning()) {
                long ttl = cluster.config().statsRefresh().toMillis() * 3;
                String id = cluster.self().id();
                String json = JSON.writeValueAsString(local.get());
                published.set(id, cluster.trust().sign(id + "|" + json) + "|" + json, ttl, TimeUnit.MILLISECONDS);
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // The next refresh tries again; a member leaving the PoP ends up here once.
        }
    }

    /** A member's published stats, "signature|json"; null when missing or not signed by the member it is filed under. */
    private Map<String, Object> read(String memberId, String entry) {
        int bar = entry == null ? -1 : entry.indexOf('|');
        if (bar < 0) {
            return null;
        }
        String json = entry.substring(bar + 1);
        if (!cluster.trust().verify(memberId + "|" + json, entry.substring(0, bar))) {
            return null;
        }
        try {
            return JSON.readValue(json, MAP_TYPE);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Map<String, Object> describe(PopMember m) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", m.id());
        d.put("http", m.httpAddress());
        d.put("self", m.local());
        return d;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
