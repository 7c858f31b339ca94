package dev.popnet.origin;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic content for {@code /obj/{id}}: the bytes, entity tag and Last-Modified date depend only
 * on the id, the version and (when the response varies) the varying header's value, so a cache's copy
 * can be checked byte for byte against a fresh computation.
 */
public final class SyntheticObject {
    /** 2026-01-01T00:00:00Z; every version is one hour newer than the previous. */
    private static final long LAST_MODIFIED_BASE = 1_767_225_600_000L;

    private SyntheticObject() {
    }

    /** Numeric ids stand for themselves; any other id is hashed (FNV-1a, 64 bit). */
    public static long idOf(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            long h = 0xcbf29ce484222325L;
            for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
                h ^= b & 0xff;
                h *= 0x100000001b3L;
            }
            return h;
        }
    }

    /** The seed of one variant of one version of one object. */
    public static long seed(long id, long version, String variant) {
        long s = mix(id * 31 + version);
        return variant == null ? s : mix(s ^ idOf(variant));
    }

    /** Writes bytes {@code offset .. offset+len-1} of the object with this seed into dst. */
    public static void fill(long seed, long offset, byte[] dst, int dstOff, int len) {
        long word = offset >>> 3;
        int shift = (int) (offset & 7);
        long value = mix(seed + word);
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = (byte) (value >>> (shift * 8));
            if (++shift == 8) {
                shift = 0;
                value = mix(seed + ++word);
            }
        }
    }

    public static byte[] bytes(long seed, long offset, int len) {
        byte[] b = new byte[len];
        fill(seed, offset, b, 0, len);
        return b;
    }

    public static String etag(long seed, long size) {
        return "\"" + Long.toHexString(mix(seed ^ size * 0x9E3779B97F4A7C15L)) + "\"";
    }

    public static long lastModifiedMillis(long version) {
        return LAST_MODIFIED_BASE + version * 3_600_000L;
    }

    /** SplitMix64's finaliser: a cheap, well-mixed function of a 64-bit value. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
