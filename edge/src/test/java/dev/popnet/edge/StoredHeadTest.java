package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.edge.wire.RawClient;
import dev.popnet.edge.wire.RawOrigin;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A hit sends the header fields serialised when the object was stored: the origin's fields in their order
 * (repeated ones too), one Content-Length of the edge's own, this node added after the upstream's Via and
 * Cache-Status; and after a 304 the freshened fields, not the first ones.
 */
class StoredHeadTest {
    private static final String BODY = "x".repeat(500);

    private static RawClient.Response get(EdgeServer edge, String path) throws Exception {
        try (RawClient c = new RawClient(edge.port())) {
            return c.send("GET " + path + " HTTP/1.1\r\nHost: cdn.test\r\n\r\n").read();
        }
    }

    private static List<String> named(RawClient.Response r, String name) {
        return r.headerLines().stream().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1)).toList();
    }

    @Test
    void aHitSendsTheStoredFieldsWithThisNodeAfterTheUpstreams() throws Exception {
        Vertx vertx = Vertx.vertx();
        int[] version = {1};
        try (RawOrigin origin = RawOrigin.start((r, reply) -> {
            if (r.header("If-None-Match") != null) {
                reply.status(304, "", "Cache-Control: max-age=600", "ETag: \"v1\"", "X-Version: " + ++version[0]);
            } else {
                reply.ok(BODY, "Cache-Control: max-age=600", "ETag: \"v1\"", "Via: 1.1 shield", "Cache-Status: shield; hit",
                        "X-Repeated: one", "X-Repeated: two", "X-Version: 1");
            }
        })) {
            EdgeServer edge = TestEdge.start(vertx, origin.url());
            get(edge, "/h");
            RawClient.Response hit = get(edge, "/h");
            assertEquals(200, hit.status());
            assertEquals(BODY, hit.text());
            assertEquals("1.1 shield, 1.1 edge-test", hit.header("Via"));
            assertTrue(hit.header("Cache-Status").startsWith("shield; hit, edge-test; hit"), hit.header("Cache-Status"));
            assertEquals(List.of("Content-Length: 500"), named(hit, "Content-Length"));
            assertEquals(List.of("X-Repeated: one", "X-Repeated: two"), named(hit, "X-Repeated"));
            assertEquals("\"v1\"", hit.header("ETag"));
            assertEquals("1", hit.header("X-Version"));
            assertTrue(hit.header("Date") != null && hit.header("Age") != null);

            // a soft purge makes it stale: the next request revalidates, and the 304's fields are stored with the body
            assertEquals(200, TestEdge.send(edge, "POST", "/purge", "{\"url\":\"/h\",\"soft\":true}", "Authorization", "Bearer tok").statusCode());
            RawClient.Response revalidated = get(edge, "/h");
            assertEquals(BODY, revalidated.text());
            assertEquals("2", revalidated.header("X-Version"), "the freshened fields");
            RawClient.Response after = get(edge, "/h");
            assertEquals("2", after.header("X-Version"), "stored freshened: " + after.headerLines());
            assertEquals(List.of("Via: 1.1 shield, 1.1 edge-test"), named(after, "Via"));
            edge.close().await(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
