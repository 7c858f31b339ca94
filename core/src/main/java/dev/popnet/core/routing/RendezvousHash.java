package dev.popnet.core.routing;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Highest-random-weight hashing: each key goes to the member with the highest score for it. When a
 * member joins or leaves, only the keys it wins or held move. Used for owners of cache keys inside a
 * PoP and for spreading clients over equally good PoPs.
 */
public final class RendezvousHash {
    private RendezvousHash() {
    }

    /** The winning member for a key (members non-empty). */
    public static String owner(long key, List<String> members) {
        String best = null;
        long bestScore = Long.MIN_VALUE;
        for (String m : members) {
            long s = score(key, memberHash(m));
            if (best == null || s > bestScore) {
                best = m;
                bestScore = s;
            }
        }
        return best;
    }

    /** Index of the winning member among precomputed member hashes. */
    public static int ownerIndex(long key, long[] memberHashes) {
        int best = 0;
        long bestScore = Long.MIN_VALUE;
        for (int i = 0; i < memberHashes.length; i++) {
            long s = score(key, memberHashes[i]);
            if (s > bestScore) {
                best = i;
                bestScore = s;
            }
        }
        return best;
    }

    public static long memberHash(String member) {
        long h = 0xcbf29ce484222325L;
        for (byte b : member.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    public static long score(long key, long memberHash) {
        return mix(key ^ memberHash);
    }

    /** Weighted variant (Schindelhauer and Schomaker): members win in proportion to their weight. */
    public static double weightedScore(long key, String member, double weight) {
        double u = ((score(key, memberHash(member)) >>> 11) + 0.5) / (double) (1L << 53);
        return -weight / Math.log(u);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
