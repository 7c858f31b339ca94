package dev.popnet.simulator.trace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Record layouts of the binary formats that describe themselves: libCacheSim {@code lcs} and VMware {@code vscsi}. */
final class BinaryFormats {
    static final long LCS_MAGIC = 0x123456789abcdef0L;
    static final int LCS_HEADER = 1024;

    private BinaryFormats() {
    }

    static boolean isLcs(byte[] head) {
        return head.length >= 8 && ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong(0) == LCS_MAGIC;
    }

    /**
     * The lcs header (1024 bytes): start magic, a struct-module format string ("<IQIq"), the 1-based
     * field numbers of id, size, time and next access, statistics, field count, record size, version, end magic.
     */
    static BinaryLayout lcs(TraceInput input) {
        byte[] header = new byte[LCS_HEADER];
        if (!input.readRecord(header, LCS_HEADER, "lcs header")) {
            throw new TraceException(input.path() + ": empty trace");
        }
        ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getLong(0) != LCS_MAGIC || b.getLong(1016) != LCS_MAGIC) {
            throw new TraceException(input.path() + ": not an lcs trace (bad start or end magic)");
        }
        int end = 8;
        while (end < 248 && header[end] != 0) {
            end++;
        }
        String format = new String(header, 8, end - 8, StandardCharsets.US_ASCII);
        int fields = b.getInt(1000);
        int recordSize = b.getInt(1004);
        if (format.isEmpty() || format.charAt(0) != '<' || format.length() - 1 != fields) {
            throw new TraceException(input.path() + ": lcs header: format '" + format + "' does not match " + fields
                    + " fields (only little-endian '<' formats are supported)");
        }
        int[] offsets = new int[fields + 1];
        int[] widths = new int[fields + 1];
        boolean[] signed = new boolean[fields + 1];
        int at = 0;
        for (int i = 1; i <= fields; i++) {
            char c = format.charAt(i);
            widths[i] = switch (c) {
                case 'c', 'b', 'B' -> 1;
                case 'h', 'H' -> 2;
                case 'i', 'I', 'f' -> 4;
                case 'q', 'Q', 'd' -> 8;
                default -> throw new TraceException(input.path() + ": lcs header: unknown field type '" + c + "' in " + format);
            };
            signed[i] = Character.isLowerCase(c);
            offsets[i] = at;
            at += widths[i];
        }
        if (at != recordSize) {
            throw new TraceException(input.path() + ": lcs header: record size " + recordSize + " but format " + format + " adds up to " + at);
        }
        return new BinaryLayout(recordSize, field(header[250], offsets, widths, signed, fields, input),
                field(header[248], offsets, widths, signed, fields, input), field(header[249], offsets, widths, signed, fields, input),
                field(header[252], offsets, widths, signed, fields, input), 1);
    }

    private static BinaryLayout.Field field(byte number, int[] offsets, int[] widths, boolean[] signed, int fields, TraceInput input) {
        int n = number & 0xFF;
        if (n == 0) {
            return BinaryLayout.Field.NONE;
        }
        if (n > fields) {
            throw new TraceException(input.path() + ": lcs header: field " + n + " beyond the " + fields + " fields");
        }
        return new BinaryLayout.Field(offsets[n], widths[n], signed[n]);
    }

    /**
     * vscsi version 1 (32-byte records) or 2 (40 bytes), told apart by the version byte of the first two
     * records, as libCacheSim does; times are microseconds, read as seconds.
     */
    static BinaryLayout vscsi(byte[] head, TraceInput input) {
        return switch (vscsiVersion(head)) {
            case 2 -> new BinaryLayout(40, new BinaryLayout.Field(24, 8, false), new BinaryLayout.Field(16, 8, false),
                    new BinaryLayout.Field(8, 4, false), BinaryLayout.Field.NONE, 1_000_000);
            case 1 -> new BinaryLayout(32, new BinaryLayout.Field(24, 8, false), new BinaryLayout.Field(16, 8, false),
                    new BinaryLayout.Field(4, 4, false), BinaryLayout.Field.NONE, 1_000_000);
            default -> throw new TraceException(input.path() + ": not a vscsi trace (no version 1 or 2 marker in the first two records)");
        };
    }

    /** 2 or 1 when the version byte of both first records says so, else 0. */
    static int vscsiVersion(byte[] head) {
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (head.length >= 80 && (b.getShort(2) & 0xFFFF) >> 8 == 2 && (b.getShort(42) & 0xFFFF) >> 8 == 2) {
            return 2;
        }
        if (head.length >= 64 && (b.getShort(14) & 0xFFFF) >> 8 == 1 && (b.getShort(46) & 0xFFFF) >> 8 == 1) {
            return 1;
        }
        return 0;
    }
}
