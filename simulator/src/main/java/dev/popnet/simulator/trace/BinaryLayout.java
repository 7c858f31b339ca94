package dev.popnet.simulator.trace;

import java.nio.ByteBuffer;

/**
 * Where the fields of a fixed-size little-endian binary record sit: offset and width of the time, id,
 * size and next-access fields (a width of 0 means the record has no such field).
 */
record BinaryLayout(int recordSize, Field time, Field id, Field size, Field nextAccess, long timeDivisor) {
    /** One field: offset, width in bytes (1, 2, 4, 8) and whether it is signed. */
    record Field(int offset, int width, boolean signed) {
        static final Field NONE = new Field(0, 0, false);

        long read(ByteBuffer b, int base) {
            int at = base + offset;
            return switch (width) {
                case 1 -> signed ? b.get(at) : b.get(at) & 0xFFL;
                case 2 -> signed ? b.getShort(at) : b.getShort(at) & 0xFFFFL;
                case 4 -> signed ? b.getInt(at) : b.getInt(at) & 0xFFFF_FFFFL;
                case 8 -> b.getLong(at);
                default -> 0;
            };
        }

        boolean present() {
            return width > 0;
        }
    }

    /** libCacheSim oracleGeneral: uint32 time, uint64 id, uint32 size, int64 next access (-1: never). */
    static final BinaryLayout ORACLE_GENERAL = new BinaryLayout(24, new Field(0, 4, false), new Field(4, 8, false),
            new Field(12, 4, false), new Field(16, 8, true), 1);
}
