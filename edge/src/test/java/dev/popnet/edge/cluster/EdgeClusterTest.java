package dev.popnet.edge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EdgeClusterTest {

    @Test
    void startsOffTheEventLoopRoutesMissesAndLeavesGracefully() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestPop pop = new TestPop("pop-edge")) {
            ClusterConfig first = pop.base.withParent("http://127.0.0.1:18599");
            EdgeCluster a = EdgeCluster.start(vertx, first, "127.0.0.1:18500", r -> 0, () -> Map.of("requests", 1))
                    .await(10, TimeUnit.SECONDS);
            EdgeCluster b = EdgeCluster.start(vertx, pop.base.withMembers(List.of(a.membership().clusterAddress())),
                    "127.0.0.1:18501", r -> 0, () -> Map.of("requests", 2)).await(10, TimeUnit.SECONDS);
            try {
                TestPop.await("2 members", Duration.ofSeconds(10), () -> a.membership().members().size() == 2
                        && b.membership().members().size() == 2);
                String keyOfB = null;
                for (int i = 0; keyOfB == null; i++) {
                    String k = "http://a.test/" + i;
                    keyOfB = b.ownership().isLocal(k) ? k : null;
                }
                MissRoute fromA = a.route(keyOfB, false);
                assertEquals(MissRoute.Hop.OWNER, fromA.hop());
                assertEquals("http://127.0.0.1:18501", fromA.address());
                assertFalse(fromA.storeLocally(), "keep-hot-locally is off by default");
                assertEquals(MissRoute.Hop.PARENT, a.route(keyOfB, true).hop(), "A's PoP names a parent");
                assertEquals(MissRoute.Hop.ORIGIN, b.route(keyOfB, false).hop(), "B has no parent configured");

                TestPop.await("stats of both", Duration.ofSeconds(5),
                        () -> ((Map<?, ?>) a.stats().popWide().get("totals")).get("requests").equals(3L));

                b.close(vertx).await(10, TimeUnit.SECONDS);
                TestPop.await("B left", Duration.ofSeconds(10), () -> a.membership().members().size() == 1);
                assertEquals(MissRoute.Hop.PARENT, a.route(keyOfB, false).hop(), "B's keys re-homed to A");
            } finally {
                a.close(vertx).await(10, TimeUnit.SECONDS);
                b.terminate();
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
