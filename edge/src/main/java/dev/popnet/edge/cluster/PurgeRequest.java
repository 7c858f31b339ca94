package dev.popnet.edge.cluster;

import java.io.Serializable;

/**
 * What to purge, as sent to every node of the PoP.
 *
 * @param kind  how {@code value} selects cached objects
 * @param value a URL or cache key, a key prefix, or a surrogate key
 */
public record PurgeRequest(Kind kind, String value) implements Serializable {

    public enum Kind { URL, PREFIX, SURROGATE_KEY }

    public PurgeRequest {
        if (kind == null || value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a purge needs a kind and a non-empty value");
        }
    }
}
