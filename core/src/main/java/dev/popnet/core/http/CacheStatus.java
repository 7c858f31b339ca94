package dev.popnet.core.http;

/** How a response was produced, for the {@code Cache-Status} header (RFC 9211), logs, stats and reports. */
public enum CacheStatus {
    /** Served fresh from cache. */
    HIT,
    /** Served stale from cache (stale-while-revalidate, stale-if-error or max-stale). */
    STALE,
    /** Stored response validated with the origin (304) and served. */
    REVALIDATED,
    /** Not in cache: fetched from the origin. */
    MISS,
    /** In cache but unusable (stale, or request said no-cache): fetched again in full. */
    EXPIRED,
    /** Waited for another request's fetch of the same key and was served from it. */
    COLLAPSED,
    /** Not cacheable at all: the request or response went straight through. */
    BYPASS;

    public boolean fromCache() {
        return this == HIT || this == STALE || this == REVALIDATED || this == COLLAPSED;
    }
}
