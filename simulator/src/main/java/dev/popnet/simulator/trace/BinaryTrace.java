package dev.popnet.simulator.trace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A cursor over fixed-size binary records, decoded in batches from one buffer. */
final class BinaryTrace implements TraceCursor {
    private static final int BATCH = 8192;
    private final TraceInput input;
    private final BinaryLayout layout;
    private final byte[] bytes;
    private final ByteBuffer buffer;
    private int filled;
    private int offset;
    private long record = -1;
    private long time;
    private long id;
    private long size;
    private long next;

    BinaryTrace(TraceInput input, BinaryLayout layout) {
        this.input = input;
        this.layout = layout;
        this.bytes = new byte[layout.recordSize() * BATCH];
        this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public boolean advance() {
        offset += layout.recordSize();
        if (offset >= filled && !refill()) {
            return false;
        }
        record++;
        time = layout.time().read(buffer, offset) / layout.timeDivisor();
        id = layout.id().read(buffer, offset);
        size = layout.size().read(buffer, offset);
        if (layout.nextAccess().present()) {
            long n = layout.nextAccess().read(buffer, offset);
            next = n < 0 || n == Long.MAX_VALUE ? NEVER : n;
        } else {
            next = UNKNOWN;
        }
        return true;
    }

    private boolean refill() {
        int got = 0;
        try {
            got = input.stream().readNBytes(bytes, 0, bytes.length);
        } catch (java.io.IOException e) {
            throw input.failure("record " + (record + 1), e);
        }
        if (got % layout.recordSize() != 0) {
            throw new TraceException(input.path() + ": ends inside record " + (record + 1 + got / layout.recordSize())
                    + " (records are " + layout.recordSize() + " bytes); truncated trace, or not this format");
        }
        filled = got;
        offset = 0;
        return got > 0;
    }

    @Override
    public long time() {
        return time;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long nextAccess() {
        return next;
    }

    @Override
    public String position() {
        return "record " + record;
    }

    @Override
    public void close() {
        input.close();
    }
}
