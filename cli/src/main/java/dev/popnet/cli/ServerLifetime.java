package dev.popnet.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps a server command running until SIGTERM or Ctrl-C, then closes it gracefully:
 * the server first (in-flight requests finish), then Vert.x.
 */
final class ServerLifetime {
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

    /** Blocks until the JVM is asked to stop; returns the exit code. */
    static int runUntilStopped(Vertx vertx, Supplier<Future<Void>> closeServer) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                closeServer.get().transform(ar -> vertx.close()).await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("popnet: shutdown was not clean: " + e);
            } finally {
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
