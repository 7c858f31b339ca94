package dev.popnet.core.log;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Writes access log lines from a thread of its own, so request threads (event loops) only format and
 * enqueue: a slow disk never stalls serving. When the queue is full, lines are dropped and counted
 * rather than waited for. {@link #reopen} (on SIGUSR1, after logrotate moved the file) makes the
 * writer close the file and open the path anew.
 */
public final class AccessLogWriter implements Consumer<AccessLogEntry>, AutoCloseable {
    private static final AccessLogEntry STOP = new AccessLogEntry(null, 0, null, null, null, 0, 0, null, null, null, null, 0, 0);
    private final Path file;
    private final AccessLogFormat format;
    private final BlockingQueue<AccessLogEntry> queue = new ArrayBlockingQueue<>(65_536);
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final Thread thread;
    private volatile boolean reopen;
    private Writer out;

    /** @param file where to append, or null for standard output */
    public AccessLogWriter(Path file, AccessLogFormat format) throws IOException {
        this.file = file;
        this.format = format;
        this.out = open();
        this.thread = new Thread(this::drain, "popnet-access-log");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void accept(AccessLogEntry entry) {
        if (!queue.offer(entry)) {
            dropped.increment();
        }
    }

    /** Asks the writer to close the file and open its path again (the file was rotated away). */
    public void reopen() {
        reopen = true;
    }

    /** Lines lost because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Lines written so far. */
    public long written() {
        return written.sum();
    }

    public Path file() {
        return file;
    }

    public AccessLogFormat format() {
        return format;
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() throws InterruptedException {
        queue.put(STOP);
        thread.join(5_000);
    }

    private Writer open() throws IOException {
        if (file == null) {
            return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void drain() {
        List<AccessLogEntry> batch = new ArrayList<>();
        try {
            while (true) {
                AccessLogEntry first = queue.poll(1, TimeUnit.SECONDS);
                if (reopen) {
                    reopenNow();
                }
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 4095);
                for (AccessLogEntry e : batch) {
                    if (e == STOP) {
                        out.flush();
                        closeQuietly();
                        return;
                    }
                    out.write(format.format(e));
                    out.write('\n');
                    written.increment();
                }
                batch.clear();
                out.flush(); // flushed whenever the queue runs dry: lines show up at once under light load
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            System.err.println("popnet: access log " + (file == null ? "stdout" : file) + " failed, no more lines: " + e.getMessage());
        }
    }

    private void reopenNow() throws IOException {
        reopen = false;
        if (file != null) {
            out.flush();
            closeQuietly();
            out = open();
        }
    }

    private void closeQuietly() {
        try {
            if (file != null) {
                out.close();
            }
        } catch (IOException e) {
            // the lines were flushed; a failing close loses nothing
        }
    }
}
