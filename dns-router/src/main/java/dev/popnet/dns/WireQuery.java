package dev.popnet.dns;

import java.net.InetAddress;

/**
 * A strict, bounds-checked reading of the common query, straight from the packet: one question of
 * class IN, no other records but at most one OPT (EDNS version 0) with at most one well-formed Client
 * Subnet option (RFC 7871 §6, scope 0 as §7.1.2 requires), names without compression. Anything else is
 * not read here ({@link #parse} returns false) and goes to the full dnsjava path, which answers the
 * unusual cases (FORMERR, BADVERS, NOTIMP, ...) exactly. One instance per thread, reused for each packet.
 */
final class WireQuery {
    static final int HEADER = 12;
    private static final int OPT = 41;
    private static final int ECS = 8;

    int length;
    /** Where the question name ends (it starts at {@link #HEADER}). */
    int nameEnd;
    int qtype;
    boolean edns;
    int udpSize;
    boolean dnssecOk;
    /** 0 without a Client Subnet option, else 1 (IPv4) or 2 (IPv6). */
    int ecsFamily;
    int ecsSource;
    int ecsAddressOffset;
    private InetAddress lastSource;
    private byte[] lastSourceAddress;

    /** Reads a query; false when it is not the common shape (then nothing here is meaningful). */
    boolean parse(byte[] p, int len) {
        length = len;
        edns = false;
        dnssecOk = false;
        ecsFamily = 0;
        if (len < HEADER || (p[2] & 0xf8) != 0) { // QR, opcode QUERY only
            return false;
        }
        if (u16(p, 4) != 1 || u16(p, 6) != 0 || u16(p, 8) != 0 || u16(p, 10) > 1) {
            return false;
        }
        int pos = HEADER;
        int labels = 0;
        while (true) {
            if (pos >= len) {
                return false;
            }
            int l = p[pos] & 0xff;
            if (l == 0) {
                pos++;
                break;
            }
            if (l > 63 || ++labels > 127) { // compression pointers and reserved label types
                return false;
            }
            pos += 1 + l;
        }
        nameEnd = pos;
        if (nameEnd - HEADER > 255 || pos + 4 > len) {
            return false;
        }
        qtype = u16(p, pos);
        if (u16(p, pos + 2) != 1) {
            return false;
        }
        pos += 4;
        if (u16(p, 10) == 1) {
            if (pos + 11 > len || p[pos] != 0 || u16(p, pos + 1) != OPT) {
                return false;
            }
            udpSize = u16(p, pos + 3);
            if (p[pos + 5] != 0 || p[pos + 6] != 0) { // extended rcode, version 0
                return false;
            }
            dnssecOk = (p[pos + 7] & 0x80) != 0;
            int rdlength = u16(p, pos + 9);
            pos += 11;
            if (pos + rdlength != len) {
                return false;
            }
            edns = true;
            while (pos < len) {
                if (pos + 4 > len) {
                    return false;
                }
                int code = u16(p, pos);
                int olen = u16(p, pos + 2);
                pos += 4;
                if (pos + olen > len) {
                    return false;
                }
                if (code == ECS && !ecs(p, pos, olen)) {
                    return false;
                }
                pos += olen; // other options (cookies, padding, ...) are ignored, as RFC 6891 §6.1.2 asks
            }
        }
        return pos == len;
    }

    private boolean ecs(byte[] p, int pos, int olen) {
        if (ecsFamily != 0 || olen < 4) {
            return false;
        }
        int family = u16(p, pos);
        int source = p[pos + 2] & 0xff;
        int scope = p[pos + 3] & 0xff;
        int bytes = (source + 7) / 8;
        if (family != 1 && family != 2 || source > (family == 1 ? 32 : 128) || scope != 0 || olen != 4 + bytes) {
            return false;
        }
        if (bytes > 0 && (p[pos + 4 + bytes - 1] & (0xff >> (source - (bytes - 1) * 8))) != 0) {
            return false; // address bits beyond the source prefix
        }
        ecsFamily = family;
        ecsSource = source;
        ecsAddressOffset = pos + 4;
        return true;
    }

    /** Bytes the answer may take: the client's EDNS size within our limit over UDP (512 without EDNS), 65535 over TCP. */
    int maxSize(boolean udp, int limit) {
        if (!udp) {
            return 65535;
        }
        return edns ? Math.max(512, Math.min(udpSize, limit)) : 512;
    }

    /**
     * The sender's address bytes. InetAddress.getAddress copies them on every call; the UDP sockets hand over
     * the same InetAddress for a run of queries from one resolver, so its bytes are read once per run.
     */
    byte[] sourceAddress(InetAddress source) {
        if (source != lastSource) {
            lastSourceAddress = source.getAddress();
            lastSource = source;
        }
        return lastSourceAddress;
    }

    int ecsAddressLength() {
        return (ecsSource + 7) / 8;
    }

    static int u16(byte[] p, int i) {
        return (p[i] & 0xff) << 8 | p[i + 1] & 0xff;
    }
}
