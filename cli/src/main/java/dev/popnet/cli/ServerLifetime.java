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
        closed.await();
        return 0;
    }
}
