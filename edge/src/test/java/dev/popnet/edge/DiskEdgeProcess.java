package dev.popnet.edge;

import dev.popnet.edge.store.DiskConfig;
import io.vertx.core.Vertx;

/** An edge with a disk tier in a process of its own, so a test can kill it with SIGKILL: {@code ORIGIN DIR}; prints its port. */
final class DiskEdgeProcess {
    private DiskEdgeProcess() {
    }

    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        EdgeServer edge = TestEdge.start(vertx, args[0], s -> s.disk = new DiskConfig(args[1], 64L << 20, "lru", "through"));
        System.out.println("port=" + edge.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
