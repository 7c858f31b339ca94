package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.edge.wire.RawClient;
import dev.popnet.edge.wire.RawOrigin;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Everything the store keeps per key is bounded by its capacity: thousands of cold URLs leave no trace once evicted. */
class StoreBoundTest {
    @Test
    void theVaryIndexGoesWithTheObjects() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (RawOrigin origin = RawOrigin.start((r, reply) -> reply.ok("x".repeat(200), "Cache-Control: max-age=600",
                "Vary: Accept-Encoding"))) {
            EdgeServer edge = TestEdge.start(vertx, origin.url(), s -> s.capacity = 64 << 10);
            try (RawClient c = new RawClient(edge.port())) {
                for (int i = 0; i < 5000; i++) {
                    c.send("GET /cold/" + i + " HTTP/1.1\r\nHost: x\r\nAccept-Encoding: " + (i % 3 == 0 ? "gzip" : "br") + "\r\n\r\n");
                    assertEquals(200, c.read().status());
                }
            }
            EdgeStore store = edge.store();
            edge.checkInvariants();
            assertTrue(store.count() < 400, "a 64 KiB store holds a few hundred of these, not 5000: " + store.count());
            assertTrue(store.indexedKeys() <= store.count(), store.indexedKeys() + " keys indexed for " + store.count() + " objects");
            assertTrue(store.evictions() > 4000, "evicted: " + store.evictions());
            edge.close().await(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
