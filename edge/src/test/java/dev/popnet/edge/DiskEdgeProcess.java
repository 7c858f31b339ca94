package dev.popnet.edge;

import dev.popnet.edge.store.DiskConfig;
import io.vertx.core.Vertx;

/**
 * An edge with a disk tier in a process of its own, so a test can kill it with SIGKILL: {@code ORIGIN DIR};
 * prints its port, and ends when its standard input does (the test that started it is gone).
 */
final class DiskEdgeProcess {
    private DiskEdgeProcess() {
    }

    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        EdgeServer edge = TestEdge.start(vertx, args[0], s -> s.disk = new DiskConfig(args[1], 64L << 20, "lru", "through"));
        System.out.println("port=" + edge.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // nothing is sent: this only waits for the end of the input
        }
        System.exit(0);
    }
}
