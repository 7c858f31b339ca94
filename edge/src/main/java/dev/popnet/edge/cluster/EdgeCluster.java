package dev.popnet.edge.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything an edge node needs from its PoP, started and stopped together: membership, key ownership,
 * purge fan-out and PoP-wide stats. The edge calls {@link #start} once its HTTP server listens (the
 * members advertise that address), routes misses with {@link #route}, sends purges through
 * {@link #purges()} and answers {@code /stats?scope=pop} from {@link #stats()}.
 */
public final class EdgeCluster {
    private final PopCluster cluster;
    private final PopOwnership ownership;
    private final PurgeFanout purges;
    private final PopStats stats;

    private EdgeCluster(PopCluster cluster, PurgeTarget cache, Supplier<Map<String, Object>> localStats) {
        this.cluster = cluster;
        this.ownership = new PopOwnership(cluster);
        this.purges = new PurgeFanout(cluster, cache);
        this.stats = new PopStats(cluster, localStats);
    }

    /** Joins the PoP off the event loop (joining blocks while the member finds the others). */
    public static Future<EdgeCluster> start(Vertx vertx, ClusterConfig config, String httpAddress,
            PurgeTarget cache, Supplier<Map<String, Object>> localStats) {
        return vertx.executeBlocking(() -> new EdgeCluster(PopCluster.join(config, httpAddress), cache, localStats),
                false);
    }

    /** Where a miss for {@code cacheKey} goes; {@code fromPeer}: the request carried the intra-PoP header. */
    public MissRoute route(String cacheKey, boolean fromPeer) {
        ClusterConfig c = cluster.config();
        return MissRoute.of(ownership, cacheKey, fromPeer, c.parent(), c.keepHotLocally());
    }

    public PopCluster membership() {
        return cluster;
    }

    public PopOwnership ownership() {
        return ownership;
    }

    public PurgeFanout purges() {
        return purges;
    }

    public PopStats stats() {
        return stats;
    }

    /** Leaves the PoP gracefully (blocks briefly; the others re-home this node's keys at once). */
    public Future<Void> close(Vertx vertx) {
        return vertx.executeBlocking(() -> {
            stats.close();
            purges.close();
            cluster.close();
            return null;
        }, false);
    }

    /** Drops out abruptly, as a killed process would. */
    public void terminate() {
        stats.close();
        cluster.terminate();
    }
}
