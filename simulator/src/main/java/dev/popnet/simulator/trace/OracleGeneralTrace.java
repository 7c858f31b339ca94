package dev.popnet.simulator.trace;

import dev.popnet.simulator.workload.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** libCacheSim's oracleGeneral binary format, read through a 1 MiB buffer (never the whole file). */
final class OracleGeneralTrace {
    static final int RECORD = 24;

    private OracleGeneralTrace() {
    }

    static Stream<Request> open(Path path, TraceSpec.TimeUnitName unit) {
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            if (channel.size() % RECORD != 0) {
                long size = channel.size();
                channel.close();
                throw new TraceException(path + ": size " + size + " is not a multiple of the 24-byte record; truncated or not oracleGeneral");
            }
            Iterator<Request> it = new Reader(path, channel, unit);
            return StreamSupport.stream(Spliterators.spliterator(it, channel.size() / RECORD, Spliterator.ORDERED | Spliterator.NONNULL), false)
                    .onClose(() -> {
                        try {
                            channel.close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (IOException e) {
            throw new TraceException(path + ": cannot open: " + e.getMessage(), e);
        }
    }

    private static final class Reader implements Iterator<Request> {
        private final Path path;
        private final FileChannel channel;
        private final TraceSpec.TimeUnitName unit;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(RECORD * 43_690).order(ByteOrder.LITTLE_ENDIAN);
        private long record;
        private long firstTime = -1;

        Reader(Path path, FileChannel channel, TraceSpec.TimeUnitName unit) {
            this.path = path;
            this.channel = channel;
            this.unit = unit;
            buffer.flip();
        }

        @Override
        public boolean hasNext() {
            if (buffer.remaining() >= RECORD) {
                return true;
            }
            try {
                buffer.compact();
                while (buffer.position() < RECORD && channel.read(buffer) > 0) {
                    // keep reading until a whole record is in or the file ends
                }
                buffer.flip();
            } catch (IOException e) {
                throw new TraceException(path + ": record " + record + ": " + e.getMessage(), e);
            }
            return buffer.remaining() >= RECORD;
        }

        @Override
        public Request next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            long time = Integer.toUnsignedLong(buffer.getInt());
            long id = buffer.getLong();
            long size = Integer.toUnsignedLong(buffer.getInt());
            buffer.getLong(); // next access time: Belady computes its own from the replayed sequence
            record++;
            if (firstTime < 0) {
                firstTime = time;
            }
            return new Request(unit.toNanos(time - firstTime), id, size);
        }
    }
}
