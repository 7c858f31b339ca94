package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.edge.wire.RawClient;
import dev.popnet.edge.wire.RawOrigin;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A HEAD that misses is filled with a GET (as nginx does), so HEAD-only checks see hits; a stale stored
 * response is revalidated on HEAD. The origin records the method it was asked with.
 */
class HeadRequestTest {
    static OriginAndEdge net;
    static RawOrigin origin;
    static EdgeServer edge;

    @BeforeAll
    static void start() throws Exception {
        net = OriginAndEdge.start((r, reply) -> {
            boolean stale = r.target().startsWith("/stale");
            if (stale && "\"v1\"".equals(r.header("If-None-Match"))) {
                reply.raw("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nCache-Control: max-age=0\r\n\r\n");
            } else {
                reply.ok("0123456789", "Cache-Control: " + (stale ? "max-age=0" : "max-age=60"), "ETag: \"v1\"");
            }
        });
        origin = net.origin;
        edge = net.edge;
    }

    @AfterAll
    static void stop() throws Exception {
        net.close();
    }

    @Test
    void aHeadMissFillsTheCacheAndTheNextHeadIsAHit() throws Exception {
        try (RawClient c = new RawClient(edge.port())) {
            c.send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response miss = c.read(true);
            assertEquals("10", miss.header("Content-Length"), "HEAD says how long the GET would be");
            assertTrue(miss.header("Cache-Status").contains("stored"), miss.header("Cache-Status"));
            c.send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response hit = c.read(true);
            assertTrue(hit.header("Cache-Status").contains("hit"), hit.header("Cache-Status"));
            c.send("GET /h HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response get = c.read();
            assertTrue(get.header("Cache-Status").contains("hit"));
            assertEquals("0123456789", get.text());
        }
        List<RawOrigin.Request> seen = origin.requests().stream().filter(r -> r.target().equals("/h")).toList();
        assertEquals(1, seen.size());
        assertEquals("GET", seen.get(0).method(), "the miss was fetched with a GET");
    }

    @Test
    void aStaleResponseIsRevalidatedOnHead() throws Exception {
        try (RawClient c = new RawClient(edge.port())) {
            c.send("GET /stale HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("0123456789", c.read().text());
            c.send("HEAD /stale HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response head = c.read(true);
            assertEquals(200, head.status());
            assertTrue(head.header("Cache-Status").contains("fwd=stale; fwd-status=304"), head.header("Cache-Status"));
            assertEquals("10", head.header("Content-Length"));
            c.send("GET /stale HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("0123456789", c.read().text(), "the connection is still in step: the HEAD sent no body");
        }
        RawOrigin.Request revalidation = origin.requests().stream().filter(r -> r.target().equals("/stale")).toList().get(1);
        assertEquals("GET", revalidation.method());
        assertEquals("\"v1\"", revalidation.header("If-None-Match"));
    }
}
