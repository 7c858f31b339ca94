package dev.popnet.simulator.replay;

import dev.popnet.simulator.trace.TraceCursor;
import dev.popnet.simulator.trace.TraceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * For each request of a trace, the position of the next request for the same object, for offline
 * policies when the trace does not carry it. One forward pass stores the ids, one reverse pass turns each
 * id into its next position in place (a map holds the last position of each object). Up to
 * {@code memoryLimit} requests live in a long array; longer traces spill to a temporary file, read and
 * rewritten in blocks, so memory stays bounded by the number of distinct objects.
 */
public final class NextAccessIndex implements AutoCloseable {
    private static final int BLOCK = 1 << 16;
    private final long[] inMemory;
    private final Path file;
    private final long count;

    private NextAccessIndex(long[] inMemory, Path file, long count) {
        this.inMemory = inMemory;
        this.file = file;
        this.count = count;
    }

    /** Reads the cursor to its end (and closes it). */
    public static NextAccessIndex compute(TraceCursor cursor, long memoryLimit) {
        try (cursor) {
            long[] ids = new long[(int) Math.min(memoryLimit, 1 << 20)];
            long n = 0;
            FileChannel spill = null;
            Path file = null;
            ByteBuffer block = ByteBuffer.allocate(BLOCK * 8).order(ByteOrder.LITTLE_ENDIAN);
            try {
                while (cursor.advance()) {
                    if (spill == null && n == ids.length && n < memoryLimit) {
                        ids = Arrays.copyOf(ids, (int) Math.min(memoryLimit, (long) ids.length * 2));
                    }
                    if (spill == null && n == ids.length) {
                        file = Files.createTempFile("popnet-next-access", ".bin");
                        file.toFile().deleteOnExit();
                        spill = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                        for (int i = 0; i < n; i++) {
                            put(spill, block, ids[i]);
                        }
                        ids = null;
                    }
                    if (spill == null) {
                        ids[(int) n] = cursor.id();
                    } else {
                        put(spill, block, cursor.id());
                    }
                    n++;
                }
                if (spill == null) {
                    reverse(ids, n);
                    return new NextAccessIndex(ids, null, n);
                }
                flush(spill, block);
                reverse(spill, n);
                spill.close();
                return new NextAccessIndex(null, file, n);
            } catch (IOException e) {
                throw new TraceException("cannot spill next-access positions to " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static void put(FileChannel out, ByteBuffer block, long value) throws IOException {
        block.putLong(value);
        if (!block.hasRemaining()) {
            flush(out, block);
        }
    }

    private static void flush(FileChannel out, ByteBuffer block) throws IOException {
        block.flip();
        while (block.hasRemaining()) {
            out.write(block);
        }
        block.clear();
    }

    private static void reverse(long[] ids, long n) {
        LongLongMap last = new LongLongMap(1024);
        for (int i = (int) n - 1; i >= 0; i--) {
            ids[i] = last.put(ids[i], i, TraceCursor.NEVER);
        }
    }

    private static void reverse(FileChannel file, long n) throws IOException {
        LongLongMap last = new LongLongMap(1 << 16);
        ByteBuffer bytes = ByteBuffer.allocate(BLOCK * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long end = n; end > 0; end -= BLOCK) {
            long start = Math.max(0, end - BLOCK);
            int len = (int) (end - start);
            bytes.clear().limit(len * 8);
            while (bytes.hasRemaining()) {
                file.read(bytes, start * 8 + bytes.position());
            }
            LongBuffer longs = bytes.flip().asLongBuffer();
            for (int i = len - 1; i >= 0; i--) {
                longs.put(i, last.put(longs.get(i), start + i, TraceCursor.NEVER));
            }
            bytes.position(0).limit(len * 8);
            while (bytes.hasRemaining()) {
                file.write(bytes, start * 8 + bytes.position());
            }
        }
    }

    public long count() {
        return count;
    }

    public boolean spilled() {
        return file != null;
    }

    /** A fresh sequential reader of the positions, one per replay run. */
    public Reader reader() {
        return new Reader();
    }

    /** Reads next-access positions in request order. */
    public final class Reader implements AutoCloseable {
        private long index;
        private FileChannel channel;
        private final ByteBuffer block = file == null ? null : ByteBuffer.allocate(BLOCK * 8).order(ByteOrder.LITTLE_ENDIAN);

        private Reader() {
            if (file != null) {
                try {
                    channel = FileChannel.open(file, StandardOpenOption.READ);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                block.limit(0);
            }
        }

        /** The next position, or throws past the end (the trace changed between the passes). */
        public long next() {
            if (index >= count) {
                throw new TraceException("the trace holds more requests than when its next-access positions were computed");
            }
            if (inMemory != null) {
                return inMemory[(int) index++];
            }
            if (!block.hasRemaining()) {
                block.clear();
                try {
                    while (block.hasRemaining() && channel.read(block) > 0) {
                        // fill the block
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                block.flip();
            }
            index++;
            return block.getLong();
        }

        @Override
        public void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
