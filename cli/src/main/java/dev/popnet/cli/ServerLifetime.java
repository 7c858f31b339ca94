package dev.popnet.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a server command running until SIGTERM or Ctrl-C, then closes it gracefully:
 * the server first (it stops accepting and in-flight requests finish), then Vert.x, then the rest.
 */
final class ServerLifetime {
    private static final Logger LOG = LoggerFactory.getLogger(ServerLifetime.class);

    private ServerLifetime() {
    }

    /** Starts a server on a fresh Vert.x; if it fails to start, Vert.x is closed and the failure thrown. */
    static <S> S start(Vertx vertx, Supplier<Future<S>> start) throws Exception {
        try {
            return start.get().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    /**
     * Logs that a server is up, and how long the JVM took from its launch to get there. Called before the
     * command prints that it listens, which scripts and popnet live wait for: the log line is out by then.
     */
    static void started(String name, String where) {
        LOG.info("{} started on {} in {} ms", name, where, java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    }

    /**
     * Blocks until the JVM is asked to stop; returns the exit code.
     *
     * @param alsoClose closed after Vert.x, in order (access log, metrics); null entries are skipped
     */
    static int runUntilStopped(String name, Vertx vertx, Supplier<Future<Void>> closeServer, AutoCloseable... alsoClose)
            throws InterruptedException {
        return runUntilStopped(name, vertx, java.time.Duration.ZERO, closeServer, alsoClose);
    }

    /** As above, for a server whose close first drains for {@code drain} (the wait for the close is that much longer). */
    static int runUntilStopped(String name, Vertx vertx, java.time.Duration drain, Supplier<Future<Void>> closeServer,
            AutoCloseable... alsoClose) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            long started = System.nanoTime();
            LOG.info("{} stopping: in-flight requests finish first", name);
            try {
                closeServer.get().transform(ar -> vertx.close()).await(10_000 + drain.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("{} stopped in {} ms", name, (System.nanoTime() - started) / 1_000_000);
            } catch (Exception e) {
                LOG.warn("{}: shutdown was not clean: {}", name, Errors.describe(e));
            } finally {
                for (AutoCloseable c : java.util.Arrays.asList(alsoClose)) {
                    closeQuietly(c);
                }
                closed.countDown();
            }
        }, "popnet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (Boolean.getBoolean("popnet.exit-with-parent")) {
            exitWhenStdinCloses();
        }
        closed.await();
        return 0;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("while stopping: {}", Errors.describe(e));
        }
    }

    /**
     * A server started by popnet live or up holds a pipe from its parent as standard input; the pipe
     * closes when the parent ends, however it ends, and the server then shuts down as on SIGTERM.
     */
    private static void exitWhenStdinCloses() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // nothing is sent; only the end matters
                }
            } catch (java.io.IOException e) {
                // a broken pipe means the same
            }
            System.exit(0);
        }, "popnet-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
