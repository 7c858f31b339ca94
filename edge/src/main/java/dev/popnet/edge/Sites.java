package dev.popnet.edge;

import dev.popnet.core.time.Ticker;
import dev.popnet.edge.upstream.OriginPool;
import dev.popnet.edge.upstream.PoolConfig;
import dev.popnet.edge.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sites an edge serves and their origin pools, as one immutable snapshot: a reload builds a new one
 * (keeping the pools whose settings did not change, with their connections and health) and swaps it in.
 * A host finds its site by exact name, then by the longest {@code *.suffix}, then {@code *}; no site,
 * no proxying.
 */
final class Sites {
    private final Map<String, Site> exact = new HashMap<>();
    private final List<Map.Entry<String, Site>> suffixes = new ArrayList<>();
    private final Map<String, Site> byName = new LinkedHashMap<>();
    private final Map<String, OriginPool> pools;
    private Site any;

    private Sites(Map<String, OriginPool> pools) {
        this.pools = pools;
    }

    /** Builds the sites of a config, reusing the unchanged pools of {@code previous} (null for none). */
    static Sites build(Vertx vertx, EdgeConfig config, Ticker ticker, Sites previous) {
        Upstream.Options options = EdgeServer.upstreamOptions(config);
        Map<String, OriginPool> pools = new LinkedHashMap<>();
        Sites sites = new Sites(pools);
        for (SiteConfig s : config.effectiveSites()) {
            OriginPool pool = pools.get(s.pool());
            if (pool == null) {
                PoolConfig pc = config.pool(s.pool());
                OriginPool old = previous == null ? null : previous.pools.get(s.pool());
                pool = old != null && old.madeFrom(pc, options) ? old
                        : new OriginPool(vertx, s.pool().isEmpty() ? "origin" : s.pool(), pc, options, ticker);
                pools.put(s.pool(), pool);
            }
            Site site = new Site(s, config, new SiteOrigin(s, pool));
            sites.byName.put(s.name(), site);
            for (String h : s.hosts()) {
                if (h.equals("*")) {
                    sites.any = site;
                } else if (h.startsWith("*.")) {
                    sites.suffixes.add(Map.entry(h.substring(1), site));
                } else {
                    sites.exact.put(h, site);
                }
            }
        }
        sites.suffixes.sort(Comparator.comparingInt((Map.Entry<String, Site> e) -> e.getKey().length()).reversed());
        return sites;
    }

    /** The site for a normalised host (with or without its port), or null when no site serves it. */
    Site lookup(String host) {
        String name = withoutPort(host);
        Site s = exact.get(name);
        if (s != null) {
            return s;
        }
        for (Map.Entry<String, Site> e : suffixes) {
            if (name.endsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return any;
    }

    Site byName(String name) {
        return byName.get(name);
    }

    /** Per pool, its servers' state, for /stats. */
    Map<String, Object> poolStats() {
        Map<String, Object> out = new LinkedHashMap<>();
        pools.values().forEach(p -> out.put(p.name(), p.stats()));
        return out;
    }

    /** Pools of this snapshot that {@code next} no longer uses: they close once what was sent to them had time to finish. */
    void retireUnusedBy(Sites next) {
        for (OriginPool p : pools.values()) {
            if (!next.pools.containsValue(p)) {
                p.retire();
            }
        }
    }

    Future<Void> close() {
        return Future.all(pools.values().stream().map(OriginPool::close).toList()).mapEmpty();
    }

    static String withoutPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon < 0 || host.endsWith("]") ? host : host.substring(0, colon);
    }
}
