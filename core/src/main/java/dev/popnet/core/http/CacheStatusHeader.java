package dev.popnet.core.http;

/** Formats one {@code Cache-Status} entry (RFC 9211 §2) for this cache. */
public final class CacheStatusHeader {
    private CacheStatusHeader() {
    }

    /**
     * @param ttlSeconds remaining freshness (negative when stale), or Long.MIN_VALUE to omit
     * @param fwdStatus  status from the next hop when forwarded, or 0
     * @param detail     why it was not stored, or null
     */
    public static String format(String node, CacheStatus status, long ttlSeconds, int fwdStatus, boolean stored, NoCacheReason detail) {
        StringBuilder sb = new StringBuilder(node);
        switch (status) {
            case HIT, STALE -> sb.append("; hit");
            case REVALIDATED -> sb.append("; fwd=stale");
            case EXPIRED -> sb.append("; fwd=stale");
            case MISS -> sb.append("; fwd=uri-miss");
            case COLLAPSED -> sb.append("; fwd=uri-miss; collapsed");
            case BYPASS -> sb.append(detail == NoCacheReason.METHOD ? "; fwd=method" : "; fwd=bypass");
            default -> throw new IllegalStateException(status.name());
        }
        if (fwdStatus > 0) {
            sb.append("; fwd-status=").append(fwdStatus);
        }
        if (stored) {
            sb.append("; stored");
        }
        if (ttlSeconds != Long.MIN_VALUE) {
            sb.append("; ttl=").append(ttlSeconds);
        }
        if (detail != null) {
            sb.append("; detail=").append(detail.detail());
        }
        return sb.toString();
    }
}
