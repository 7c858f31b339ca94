package dev.popnet.dns;

/**
 * A finished response kept for one question shape (hostname, type, EDNS, DO, ECS family and source
 * prefix) of one client network: later queries of that shape get a copy with only their ID, RD and CD
 * flags, question name (its letter case) and ECS address patched in.
 */
final class AnswerTemplate {
    private final byte[] wire;
    private final int nameEnd;
    private final int ecsAddressLength;
    final DnsStats.Tally tally;
    final boolean signed;

    AnswerTemplate(byte[] wire, int nameEnd, int ecsAddressLength, DnsStats.Tally tally, boolean signed) {
        this.wire = wire;
        this.signed = signed;
        this.nameEnd = nameEnd;
        this.ecsAddressLength = ecsAddressLength;
        this.tally = tally;
    }

    /**
     * Whether {@code response}, built for {@code query}, has the layout the patching relies on: the question
     * name right after the header and the ECS address bytes last (the OPT record is last, with only ECS).
     */
    static boolean patchable(byte[] response, byte[] query, WireQuery q) {
        if (response.length < q.nameEnd || (response[2] & 0x02) != 0) {
            return false; // truncated answers are never kept
        }
        for (int i = WireQuery.HEADER; i < q.nameEnd; i++) {
            if (response[i] != query[i]) {
                return false;
            }
        }
        int n = q.ecsFamily == 0 ? 0 : q.ecsAddressLength();
        for (int i = 0; i < n; i++) {
            if (response[response.length - n + i] != query[q.ecsAddressOffset + i]) {
                return false;
            }
        }
        return true;
    }

    int length() {
        return wire.length;
    }

    /** Writes this response for another query of the same shape into {@code out}; returns its length. */
    int answer(byte[] query, WireQuery q, byte[] out) {
        System.arraycopy(wire, 0, out, 0, wire.length);
        out[0] = query[0];
        out[1] = query[1];
        out[2] = (byte) (out[2] & ~0x01 | query[2] & 0x01); // RD copied
        out[3] = (byte) (out[3] & ~0x10 | query[3] & 0x10); // CD copied (RFC 4035 §3.1.6)
        System.arraycopy(query, WireQuery.HEADER, out, WireQuery.HEADER, nameEnd - WireQuery.HEADER);
        if (ecsAddressLength > 0) {
            System.arraycopy(query, q.ecsAddressOffset, out, wire.length - ecsAddressLength, ecsAddressLength);
        }
        return wire.length;
    }
}
