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

    /** Blocks until the JVM is asked to stop; returns the exit code. */
    static int runUntilStopped(Vertx vertx, Supplier<Future<Void>> closeServer) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                closeServer.get().transform(ar -> vertx.close()).await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("popnet: shutdown was not clean: " + e.getMessage());
            } finally {
                closed.countDown();
            }
        }, "popnet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        closed.await();
        return 0;
    }
}
