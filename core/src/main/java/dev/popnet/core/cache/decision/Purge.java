package dev.popnet.core.cache.decision;

import dev.popnet.core.config.Check;

/**
 * An explicit invalidation: every stored response of one URL, of every URL under a path prefix, or
 * tagged with a surrogate key (the {@code Surrogate-Key} response header, space-separated tags).
 */
public record Purge(Kind kind, String value) {
    public enum Kind { URL, PREFIX, SURROGATE_KEY }

    public Purge {
        Check.present("kind", kind);
        Check.that(value != null && !value.isBlank(), kind == null ? "value" : kind.name().toLowerCase(java.util.Locale.ROOT), value,
                "must not be empty");
    }

    /** Whether the stored response for {@code pathAndQuery} with {@code head} goes. */
    public boolean matches(String pathAndQuery, ResponseHead head) {
        return switch (kind) {
            case URL -> pathAndQuery.equals(value);
            case PREFIX -> pathAndQuery.startsWith(value);
            case SURROGATE_KEY -> tagged(head.headers().list("Surrogate-Key"));
        };
    }

    private boolean tagged(String tags) {
        if (tags == null) {
            return false;
        }
        for (String t : tags.split("[\\s,]+")) {
            if (t.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
