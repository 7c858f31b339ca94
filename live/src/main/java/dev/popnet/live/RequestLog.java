package dev.popnet.live;

import dev.popnet.simulator.engine.Backend.Served;
import dev.popnet.simulator.workload.Request;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One line per live request, in the order answers came back: when it was sent (ms after the first),
 * how long it took, the edge asked, the object, how it was served, the HTTP status and the edges'
 * Cache-Status (or why it failed). What a run's totals are made of, to find where time went.
 */
final class RequestLog implements AutoCloseable {
    static final String HEADER = "sent_ms,latency_ms,edge,class,object,served,status,cache_status";
    private final BufferedWriter out;
    private IOException failure;

    private RequestLog(BufferedWriter out) {
        this.out = out;
    }

    static RequestLog to(Path file) {
        try {
            Files.createDirectories(file.getParent());
            BufferedWriter out = Files.newBufferedWriter(file);
            out.write(HEADER);
            out.newLine();
            return new RequestLog(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Called from the event loops as answers arrive; the first write error is kept for {@link #close}. */
    synchronized void write(long sentNanos, double latencyMs, String edge, Request r, Served served, int status, String cacheStatus) {
        if (failure != null) {
            return;
        }
        try {
            out.write(String.format(Locale.ROOT, "%.3f,%.3f,%s,%d,%d,%s,%d,%s", sentNanos / 1e6, latencyMs, edge, r.contentClass(),
                    r.objectId(), served, status, quoted(cacheStatus)));
            out.newLine();
        } catch (IOException e) {
            failure = e;
        }
    }

    private static String quoted(String s) {
        return s == null ? "" : '"' + s.replace("\"", "\"\"") + '"';
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw new UncheckedIOException("the request log could not be written", failure);
        }
    }
}
