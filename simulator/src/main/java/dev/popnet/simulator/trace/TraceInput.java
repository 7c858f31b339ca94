package dev.popnet.simulator.trace;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The bytes of a trace file, decompressed when the file starts with the zstd frame magic (whatever its
 * name), with the first bytes available for format detection before reading starts.
 */
final class TraceInput implements AutoCloseable {
    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD};
    static final int PEEK = 128;
    private final Path path;
    private final BufferedInputStream in;
    private final boolean compressed;

    private TraceInput(Path path, BufferedInputStream in, boolean compressed) {
        this.path = path;
        this.in = in;
        this.compressed = compressed;
    }

    static TraceInput open(Path path) {
        if (!Files.isReadable(path) || Files.isDirectory(path)) {
            throw new TraceException(path + ": trace file not found or not readable");
        }
        try {
            BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 20);
            boolean zstd = startsWith(raw, ZSTD_MAGIC);
            if (!zstd) {
                return new TraceInput(path, raw, false);
            }
            return new TraceInput(path, new BufferedInputStream(new ZstdInputStream(raw), 1 << 20), true);
        } catch (IOException e) {
            throw new TraceException(path + ": cannot open: " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(BufferedInputStream in, byte[] magic) throws IOException {
        in.mark(magic.length);
        byte[] head = in.readNBytes(magic.length);
        in.reset();
        return Arrays.equals(head, magic);
    }

    /** The first bytes of the (decompressed) trace, at most {@link #PEEK}; reading still starts at byte 0. */
    byte[] peek() {
        try {
            in.mark(PEEK);
            byte[] head = in.readNBytes(PEEK);
            in.reset();
            return head;
        } catch (IOException e) {
            throw failure("cannot read", e);
        }
    }

    InputStream stream() {
        return in;
    }

    Path path() {
        return path;
    }

    boolean compressed() {
        return compressed;
    }

    /** Reads exactly {@code n} bytes into {@code buffer}; returns false at a clean end, throws on a partial record. */
    boolean readRecord(byte[] buffer, int n, String what) {
        try {
            int got = in.readNBytes(buffer, 0, n);
            if (got == 0) {
                return false;
            }
            if (got < n) {
                throw new TraceException(path + ": " + what + " is cut short (" + got + " of " + n + " bytes); truncated trace?");
            }
            return true;
        } catch (EOFException e) {
            throw new TraceException(path + ": " + what + ": unexpected end of compressed data; truncated trace?", e);
        } catch (IOException e) {
            throw failure(what, e);
        }
    }

    TraceException failure(String what, IOException e) {
        String why = compressed ? "zstd data is corrupt or truncated: " + e.getMessage() : e.getMessage();
        return new TraceException(path + ": " + what + ": " + why, e);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
