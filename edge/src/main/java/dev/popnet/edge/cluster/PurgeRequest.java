package dev.popnet.edge.cluster;

import java.io.Serializable;

/**
 * What to purge, as sent to every node of the PoP.
 *
 * @param kind  how {@code value} selects cached objects
 * @param value a URL or cache key, a key prefix, or a surrogate key
 * @param site  only objects of this site (by name) are purged; null: those of every site
 * @param soft  mark the objects stale (the next request revalidates) instead of removing them
 */
public record PurgeRequest(Kind kind, String value, String site, boolean soft) implements Serializable {

    public enum Kind { URL, PREFIX, SURROGATE_KEY }

    public PurgeRequest {
        if (kind == null || value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a purge needs a kind and a non-empty value");
        }
    }

    /** A hard purge. */
    public PurgeRequest(Kind kind, String value, String site) {
        this(kind, value, site, false);
    }

    /** A purge of every site's objects. */
    public PurgeRequest(Kind kind, String value) {
        this(kind, value, null);
    }
}
