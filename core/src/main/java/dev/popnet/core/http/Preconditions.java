package dev.popnet.core.http;

/**
 * Evaluates conditional request headers against a representation's validators, in the order of
 * RFC 9110 §13.2.2. Works for origins and for caches answering from a stored response.
 */
public final class Preconditions {

    public enum Outcome {
        /** Preconditions hold (or there are none): send the normal response. */
        PROCEED,
        /** 304 Not Modified. */
        NOT_MODIFIED,
        /** 412 Precondition Failed. */
        PRECONDITION_FAILED
    }

    private Preconditions() {
    }

    /**
     * @param etag          the representation's entity tag with quotes (e.g. {@code "abc"}), or null
     * @param lastModified  epoch millis, or -1
     * @param safeMethod    GET or HEAD (304 only applies to them)
     */
    public static Outcome evaluate(Headers request, String etag, long lastModified, boolean safeMethod) {
        String ifMatch = request.get("If-Match");
        if (ifMatch != null) {
            if (!matchesAny(ifMatch, etag, true)) {
                return Outcome.PRECONDITION_FAILED; // §13.1.1
            }
        } else {
            long ius = HttpDates.parse(request.get("If-Unmodified-Since"));
            if (ius >= 0 && lastModified >= 0 && lastModified / 1000 > ius / 1000) {
                return Outcome.PRECONDITION_FAILED; // §13.1.4
            }
        }
        String ifNoneMatch = request.get("If-None-Match");
        if (ifNoneMatch != null) {
            if (matchesAny(ifNoneMatch, etag, false)) {
                return safeMethod ? Outcome.NOT_MODIFIED : Outcome.PRECONDITION_FAILED; // §13.1.2
            }
            return Outcome.PROCEED;
        }
        if (safeMethod) {
            long ims = HttpDates.parse(request.get("If-Modified-Since"));
            if (ims >= 0 && lastModified >= 0 && lastModified / 1000 <= ims / 1000) {
                return Outcome.NOT_MODIFIED; // §13.1.3
            }
        }
        return Outcome.PROCEED;
    }

    /** §13.1.5: a Range is honoured only if If-Range still matches (strong ETag, or exact Last-Modified date). */
    public static boolean rangeApplies(Headers request, String etag, long lastModified) {
        String ifRange = request.get("If-Range");
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return etag != null && !v.startsWith("W/") && !etag.startsWith("W/") && v.equals(etag);
        }
        long date = HttpDates.parse(v);
        return date >= 0 && lastModified >= 0 && date / 1000 == lastModified / 1000;
    }

    /** Entity-tag list comparison (§8.8.3.2): strong for If-Match, weak for If-None-Match. */
    static boolean matchesAny(String list, String etag, boolean strong) {
        String trimmed = list.trim();
        if (trimmed.equals("*")) {
            return etag != null;
        }
        if (etag == null) {
            return false;
        }
        if (strong && etag.startsWith("W/")) {
            return false;
        }
        String opaque = opaque(etag);
        for (String candidate : trimmed.split(",")) {
            String c = candidate.trim();
            if (strong && c.startsWith("W/")) {
                continue;
            }
            if (opaque(c).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
