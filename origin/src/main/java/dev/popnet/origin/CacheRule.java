package dev.popnet.origin;

import dev.popnet.core.config.Check;

/**
 * A {@code Cache-Control} value for request paths matching a glob: {@code *} matches within one path
 * segment, {@code **} across segments, {@code ?} one character.
 */
public record CacheRule(String pattern, String cacheControl) {
    public CacheRule {
        Check.present("pattern", pattern);
        Check.present("cache-control", cacheControl);
        Check.that(pattern.startsWith("/"), "pattern", pattern, "must start with /");
    }
}
