package dev.popnet.core.cache.decision;

/**
 * What a cache keeps about one stored response, bodies aside: its head, when it was asked for and
 * received, its §4.2.3 corrected initial age (fixed once received), its size, and the version of the
 * representation as the driver tells them apart (the simulator's object version; the edge keeps its
 * validators in the headers and may pass 0).
 */
public record Stored(ResponseHead head, long requestTime, long responseTime, long initialAgeMillis, long size, long version) {

    /** §4.2.3 current_age at {@code nowMillis} in seconds: corrected initial age plus resident time. */
    public long ageSeconds(long nowMillis) {
        return (initialAgeMillis + Math.max(0, nowMillis - responseTime)) / 1000;
    }

    /** Remaining freshness in seconds (negative once stale), for {@code Cache-Status: ttl=}. */
    public long ttlSeconds(long nowMillis) {
        return head.lifetimeSeconds() - ageSeconds(nowMillis);
    }
}
