package dev.popnet.origin;

import dev.popnet.core.cache.ObjectVersions;
import dev.popnet.core.config.ByteSizes;
import dev.popnet.core.config.Durations;
import io.vertx.core.http.HttpServerRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /obj/{id}}: deterministic objects described by query parameters ({@code size}, {@code ttl},
 * {@code cc}, {@code v}, {@code change}, {@code vary}, {@code surrogate-key}, {@code status}) or the config catalog.
 * {@code change=20s} makes the object get a new version every 20 s of the origin's clock, each object on
 * its own phase ({@link ObjectVersions}, as the simulator's content classes change), so a cache's
 * revalidations find it changed or not without a new URL.
 */
final class SyntheticObjects {
    static final String PREFIX = "/obj/";
    private final OriginConfig config;
    private final CacheControlRules rules;

    SyntheticObjects(OriginConfig config, CacheControlRules rules) {
        this.config = config;
        this.rules = rules;
    }

    /** The representation to serve at {@code nowMillis}, or throws {@link IllegalArgumentException} for bad parameters (400). */
    Representation describe(HttpServerRequest request, long nowMillis) {
        String id = request.path().substring(PREFIX.length());
        if (id.isEmpty() || id.contains("/")) {
            throw new IllegalArgumentException("object id must be one path segment: /obj/{id}");
        }
        CatalogEntry entry = config.catalog().get(id);
        long size = param(request, "size") != null ? ByteSizes.parse(param(request, "size"))
                : entry != null ? entry.size() : config.defaultSize();
        long version = param(request, "v") == null ? 0 : Long.parseLong(param(request, "v"));
        if (version < 0) {
            throw new IllegalArgumentException("v must not be negative");
        }
        if (param(request, "change") != null) {
            long every = Durations.parse(param(request, "change")).toNanos();
            if (every <= 0) {
                throw new IllegalArgumentException("change must be a positive duration");
            }
            version += ObjectVersions.at(SyntheticObject.idOf(id), every, nowMillis * 1_000_000);
        }
        Map<String, String> extra = new LinkedHashMap<>();
        String varyOn = param(request, "vary");
        String variant = null;
        if (varyOn != null) {
            extra.put("Vary", varyOn);
            variant = String.valueOf(request.getHeader(varyOn));
        }
        String surrogate = param(request, "surrogate-key") != null ? param(request, "surrogate-key")
                : entry != null ? entry.surrogateKey() : null;
        if (surrogate != null) {
            extra.put("Surrogate-Key", surrogate);
        }
        long seed = SyntheticObject.seed(SyntheticObject.idOf(id), version, variant);
        return new Representation("application/octet-stream", SyntheticObject.etag(seed, size),
                SyntheticObject.lastModifiedMillis(version), cacheControl(request, entry), size, extra,
                new SyntheticBody(seed));
    }

    private String cacheControl(HttpServerRequest request, CatalogEntry entry) {
        if (param(request, "cc") != null) {
            return param(request, "cc");
        }
        if (param(request, "ttl") != null) {
            long ttl = Long.parseLong(param(request, "ttl"));
            if (ttl < 0) {
                throw new IllegalArgumentException("ttl must not be negative");
            }
            return "public, max-age=" + ttl;
        }
        if (entry != null && entry.cacheControl() != null) {
            return entry.cacheControl();
        }
        return rules.forPath(request.path());
    }

    /** A forced status for tests ({@code ?status=500}), or 0. */
    static int forcedStatus(HttpServerRequest request) {
        String s = param(request, "status");
        if (s == null) {
            return 0;
        }
        int status = Integer.parseInt(s);
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be 200-599");
        }
        return status;
    }

    private static String param(HttpServerRequest request, String name) {
        return request.getParam(name);
    }
}
