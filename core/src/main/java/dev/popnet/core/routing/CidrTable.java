package dev.popnet.core.routing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Longest-prefix match of IPv4 and IPv6 networks to values, on a binary trie (one per family):
 * lookups cost at most 32 or 128 steps whatever the table size.
 */
public final class CidrTable<V> {
    /** A match: the value and the prefix length of the network that matched (ECS scope, RFC 7871 §7.2.1). */
    public record Match<V>(V value, int prefixLength) {
    }

    private static final class Node<V> {
        Node<V> zero;
        Node<V> one;
        /** The value's place in {@link #values}, or -1 for none. */
        int index = -1;
        int prefix = -1;
    }

    private final Node<V> v4 = new Node<>();
    private final Node<V> v6 = new Node<>();
    /** Every value put, by index: lets {@link #scopedMatch} return a packed long instead of a new Match. */
    private final List<V> values = new ArrayList<>();

    /** Adds a network such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}; throws on malformed input. */
    public void put(String cidr, V value) {
        int slash = cidr.indexOf('/');
        byte[] address = parse(slash < 0 ? cidr : cidr.substring(0, slash));
        int bits = address.length * 8;
        int prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1).trim());
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix length " + prefix + " out of range in " + cidr);
        }
        Node<V> n = address.length == 4 ? v4 : v6;
        for (int i = 0; i < prefix; i++) {
            boolean bit = bit(address, i);
            if (bit) {
                n = n.one == null ? (n.one = new Node<>()) : n.one;
            } else {
                n = n.zero == null ? (n.zero = new Node<>()) : n.zero;
            }
        }
        if (n.index < 0) {
            n.index = values.size();
            values.add(value);
        } else {
            values.set(n.index, value);
        }
        n.prefix = prefix;
    }

    /** The most specific network containing the first {@code sourcePrefix} bits of the address, or null. */
    public Match<V> lookup(byte[] address, int sourcePrefix) {
        Node<V> n = address.length == 4 ? v4 : v6;
        Match<V> best = n.index < 0 ? null : new Match<>(values.get(n.index), n.prefix);
        int limit = Math.min(sourcePrefix, address.length * 8);
        for (int i = 0; i < limit && n != null; i++) {
            n = bit(address, i) ? n.one : n.zero;
            if (n != null && n.index >= 0) {
                best = new Match<>(values.get(n.index), n.prefix);
            }
        }
        return best;
    }

    /**
     * The most specific network containing the first {@code sourcePrefix} bits of an address stored at
     * {@code offset} in {@code buf} (4 or 16 bytes, or only those covering the prefix, as in an ECS option),
     * with the ECS scope of that answer (RFC 7871 §7.2.1): how many leading bits every address sharing them
     * gets the same network for, which can be less than the network's length (nothing more specific lies
     * below), or more (a more specific network lies beside the address). The value is null when none matches.
     */
    public Match<V> scoped(byte[] buf, int offset, boolean v6, int sourcePrefix) {
        long m = scopedMatch(buf, offset, v6, sourcePrefix);
        return new Match<>(valueOf(m), scopeOf(m));
    }

    /**
     * {@link #scoped} without an object: the value's index and the scope packed in a long, read with
     * {@link #valueOf} and {@link #scopeOf} (a DNS router's per-query path allocates nothing).
     */
    public long scopedMatch(byte[] buf, int offset, boolean v6, int sourcePrefix) {
        Node<V> n = v6 ? this.v6 : v4;
        int best = n.index;
        int limit = Math.min(sourcePrefix, v6 ? 128 : 32);
        int depth = 0;
        while (true) {
            if (n.zero == null && n.one == null) {
                return pack(best, depth); // nothing below: the answer holds for the whole prefix walked
            }
            if (depth == limit) {
                return pack(best, limit);
            }
            Node<V> next = (buf[offset + (depth >> 3)] & (0x80 >> (depth & 7))) != 0 ? n.one : n.zero;
            if (next == null) {
                return pack(best, depth + 1); // one more bit tells this address from the networks beside it
            }
            n = next;
            depth++;
            if (n.index >= 0) {
                best = n.index;
            }
        }
    }

    /** The value of a {@link #scopedMatch} result, or null when no network matched. */
    public V valueOf(long match) {
        int index = (int) (match >> 8);
        return index < 0 ? null : values.get(index);
    }

    /** The ECS scope of a {@link #scopedMatch} result. */
    public static int scopeOf(long match) {
        return (int) (match & 0xFF);
    }

    /** Whether a {@link #scopedMatch} result found a network. */
    public static boolean matched(long match) {
        return match >> 8 >= 0;
    }

    private static long pack(int index, int scope) {
        return (long) index << 8 | scope;
    }

    public Match<V> lookup(InetAddress address) {
        byte[] b = address.getAddress();
        return lookup(b, b.length * 8);
    }

    private static boolean bit(byte[] a, int i) {
        return (a[i >> 3] & (0x80 >> (i & 7))) != 0;
    }

    /** Parses an IP literal without DNS lookups. */
    static byte[] parse(String literal) {
        String s = literal.trim();
        if (!s.matches("[0-9a-fA-F:.]+") || !(s.contains(".") || s.contains(":"))) {
            throw new IllegalArgumentException("not an IP address: '" + literal + "'");
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + literal + "'", e);
        }
    }
}
