package dev.popnet.core.routing;

import java.net.InetAddress;
import java.net.UnknownHostException;

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
        V value;
        int prefix = -1;
    }

    private final Node<V> v4 = new Node<>();
    private final Node<V> v6 = new Node<>();

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
        n.value = value;
        n.prefix = prefix;
    }

    /** The most specific network containing the first {@code sourcePrefix} bits of the address, or null. */
    public Match<V> lookup(byte[] address, int sourcePrefix) {
        Node<V> n = address.length == 4 ? v4 : v6;
        Match<V> best = n.value == null ? null : new Match<>(n.value, n.prefix);
        int limit = Math.min(sourcePrefix, address.length * 8);
        for (int i = 0; i < limit && n != null; i++) {
            n = bit(address, i) ? n.one : n.zero;
            if (n != null && n.value != null) {
                best = new Match<>(n.value, n.prefix);
            }
        }
        return best;
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
