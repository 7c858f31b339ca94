package dev.popnet.core.http;

/**
 * The outcome of a {@code Range} header against a representation of known length (RFC 9110 §14).
 * Only single byte ranges are served as 206; several ranges are answered with the full representation,
 * which §14.2 allows.
 */
public record ByteRange(Kind kind, long first, long last, long length) {

    public enum Kind {
        /** No usable Range header: send 200 with the whole representation. */
        FULL,
        /** Send 206 with bytes first..last inclusive. */
        PARTIAL,
        /** Send 416 with {@code Content-Range: bytes *}/length. */
        UNSATISFIABLE
    }

    public static ByteRange full(long length) {
        return new ByteRange(Kind.FULL, 0, length - 1, length);
    }

    public long count() {
        return kind == Kind.UNSATISFIABLE ? 0 : last - first + 1;
    }

    /** {@code Content-Range} value for 206 and 416 responses (§14.4). */
    public String contentRange() {
        return kind == Kind.UNSATISFIABLE ? "bytes */" + length : "bytes " + first + "-" + last + "/" + length;
    }

    public static ByteRange parse(String header, long length) {
        if (header == null) {
            return full(length);
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return full(length); // §14.2: unknown range units are ignored
        }
        String spec = h.substring(6).trim();
        if (spec.contains(",")) {
            return full(length);
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return full(length); // syntactically invalid: ignore the header
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return full(length);
                }
                long suffix = Long.parseLong(b);
                if (suffix == 0 || length == 0) {
                    return new ByteRange(Kind.UNSATISFIABLE, 0, -1, length);
                }
                long first = Math.max(0, length - suffix);
                return new ByteRange(Kind.PARTIAL, first, length - 1, length);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
            if (first < 0 || last < first) {
                return full(length);
            }
            if (first >= length) {
                return new ByteRange(Kind.UNSATISFIABLE, 0, -1, length);
            }
            return new ByteRange(Kind.PARTIAL, first, Math.min(last, length - 1), length);
        } catch (NumberFormatException e) {
            return full(length);
        }
    }
}
