package dev.popnet.edge.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** Starts JVM-local PoP members on loopback, each joining through the members already running. */
final class TestPop implements AutoCloseable {
    final List<PopCluster> nodes = new CopyOnWriteArrayList<>();
    final ClusterConfig base;

    TestPop(String pop) {
        this(pop, "");
    }

    /** A PoP whose members share {@code secret} (empty: none). */
    TestPop(String pop, String secret) {
        this.base = loopback(pop, secret);
    }

    /** A PoP's cluster settings on loopback with short heartbeats and stats refreshes, so tests see changes soon. */
    static ClusterConfig loopback(String pop, String secret) {
        return new ClusterConfig(true, pop, "127.0.0.1", 0, List.of(), false, Duration.ofSeconds(1), Duration.ofSeconds(3),
                Duration.ofSeconds(2), Duration.ofMillis(200), false, "jdk", "", List.of()).withSecret(secret);
    }

    /** Joins a new member whose edge HTTP address is {@code http}. */
    PopCluster join(String http) {
        List<String> seeds = new ArrayList<>();
        for (PopCluster n : nodes) {
            if (n.isRunning()) {
                seeds.add(n.clusterAddress());
            }
        }
        PopCluster c = PopCluster.join(base.withMembers(seeds), http);
        nodes.add(c);
        return c;
    }

    static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        for (PopCluster n : nodes) {
            n.terminate();
        }
    }
}
