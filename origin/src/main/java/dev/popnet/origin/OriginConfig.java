package dev.popnet.origin;

import dev.popnet.core.config.Check;
import java.util.List;
import java.util.Map;

/**
 * Everything the origin server can be told; see configs/origin.yaml for each key.
 *
 * @param root            directory of static files, or null to serve only synthetic objects
 * @param rules           Cache-Control per path glob, first match wins
 * @param defaultSize     size of /obj/{id} when neither the query nor the catalog says
 * @param maxUriLength    longer request lines get 414
 * @param maxHeaderSize   larger header blocks get 431
 * @param adminToken      when set, /admin needs {@code Authorization: Bearer <token>}
 * @param eventLoops      0 means one per core
 */
public record OriginConfig(String host, int port, String root, String defaultCacheControl, List<CacheRule> rules,
        long defaultSize, Map<String, CatalogEntry> catalog, FaultSettings faults, int maxUriLength,
        int maxHeaderSize, String adminToken, int eventLoops) {

    public OriginConfig {
        Check.present("host", host);
        Check.port("port", port);
        Check.present("default-cache-control", defaultCacheControl);
        rules = rules == null ? List.of() : List.copyOf(rules);
        Check.nonNegative("default-size", defaultSize);
        catalog = catalog == null ? Map.of() : Map.copyOf(catalog);
        faults = faults == null ? FaultSettings.none() : faults;
        Check.that(maxUriLength >= 256, "max-uri-length", maxUriLength, "must be at least 256");
        Check.that(maxHeaderSize >= 1024, "max-header-size", maxHeaderSize, "must be at least 1024");
        Check.nonNegative("event-loops", eventLoops);
    }

    public static OriginConfig defaults() {
        return new OriginConfig("127.0.0.1", 8080, null, "public, max-age=60", List.of(), 1024, Map.of(),
                FaultSettings.none(), 8192, 16384, null, 0);
    }

    public OriginConfig withPort(int newPort) {
        return new OriginConfig(host, newPort, root, defaultCacheControl, rules, defaultSize, catalog, faults,
                maxUriLength, maxHeaderSize, adminToken, eventLoops);
    }

    public OriginConfig withRoot(String newRoot) {
        return new OriginConfig(host, port, newRoot, defaultCacheControl, rules, defaultSize, catalog, faults,
                maxUriLength, maxHeaderSize, adminToken, eventLoops);
    }

    public int effectiveEventLoops() {
        return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
    }
}
