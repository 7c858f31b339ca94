package dev.popnet.simulator.trace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes libCacheSim's oracleGeneral records, so the same trace can be replayed by popnet and by libCacheSim. */
public final class OracleGeneralWriter implements AutoCloseable {
    private final Path path;
    private final OutputStream out;
    private final ByteBuffer record = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);

    public OracleGeneralWriter(Path path) {
        this.path = path;
        try {
            this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot write", e);
        }
    }

    /**
     * @param nextAccess 1-based position of the next request for the object (as libCacheSim writes it), or
     *                   {@link TraceCursor#NEVER}
     */
    public void write(long time, long id, long size, long nextAccess) {
        if (time < 0 || time > 0xFFFF_FFFFL || size < 0 || size > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("oracleGeneral holds 32-bit unsigned time and size, got time " + time + " size " + size);
        }
        record.clear();
        record.putInt((int) time).putLong(id).putInt((int) size).putLong(nextAccess == TraceCursor.NEVER ? -1 : nextAccess);
        try {
            out.write(record.array());
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot write", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot write", e);
        }
    }
}
