package dev.popnet.simulator.workload;

import dev.popnet.core.config.Check;
import java.time.Duration;

/**
 * One kind of content in a workload: its share of requests, its own Zipf catalogue and sizes, the
 * {@code Cache-Control} the origin sends with it (no-store or private make it dynamic: passed through,
 * never stored) and how often each object gets a new version (so a revalidation is answered 200
 * rather than 304).
 *
 * @param cacheControl   the origin's Cache-Control header for the class
 * @param surrogateKey   the origin's Surrogate-Key header (tags a purge can name), default the class name
 * @param changeInterval each object gets a new version this often (each on its own phase); null: never
 */
public record ContentClass(String name, double share, long objects, double alpha, SizeDistribution sizes, String cacheControl,
        String surrogateKey, Duration changeInterval) {
    public static final String DEFAULT_CACHE_CONTROL = "public, max-age=86400";

    public ContentClass {
        Check.present("name", name);
        Check.that(name.matches("[A-Za-z0-9._-]+"), "name", name, "letters, digits, '.', '_' and '-' only (it is the URL path)");
        Check.that(share > 0, "share", share, "must be positive");
        objects = Check.positive("objects", objects);
        Check.that(alpha > 0, "alpha", alpha, "must be positive");
        Check.present("sizes", sizes);
        cacheControl = cacheControl == null ? DEFAULT_CACHE_CONTROL : cacheControl;
        surrogateKey = surrogateKey == null ? name : surrogateKey;
        Check.that(changeInterval == null || !changeInterval.isNegative() && !changeInterval.isZero(), "change-interval", changeInterval,
                "must be positive");
    }
}
