package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.edge.wire.RawClient;
import dev.popnet.edge.wire.RawOrigin;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request smuggling and request-line tricks, over raw sockets on both sides: what each client got, and
 * exactly which requests the origin framed from the bytes it received.
 */
class RequestFramingTest {
    static OriginAndEdge net;
    static RawOrigin origin;
    static EdgeServer edge;

    @BeforeAll
    static void start() throws Exception {
        net = OriginAndEdge.start(RequestFramingTest::echo);
        origin = net.origin;
        edge = net.edge;
    }

    /** Answers with the target it was asked for, cacheable for a minute. */
    static void echo(RawOrigin.Request r, RawOrigin.Reply reply) throws java.io.IOException {
        reply.ok("target " + r.target(), "Cache-Control: max-age=60");
    }

    @BeforeEach
    void echoTargets() {
        origin.script(RequestFramingTest::echo);
    }

    @AfterAll
    static void stop() throws Exception {
        net.close();
    }

    private List<RawOrigin.Request> since(int before) {
        return origin.requests().subList(before, origin.requests().size());
    }

    @Test
    void aGetWithABodyThenASecondRequestReachTheOriginAsTwoCleanRequests() throws Exception {
        int before = origin.requests().size();
        try (RawClient c = new RawClient(edge.port())) {
            c.send("GET /smuggle/a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /smuggle/b HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("target /smuggle/a", c.read().text());
            assertEquals("target /smuggle/b", c.read().text());
        }
        List<RawOrigin.Request> seen = since(before);
        assertEquals(2, seen.size(), "two requests, nothing more");
        for (int i = 0; i < 2; i++) {
            RawOrigin.Request r = seen.get(i);
            assertEquals("GET", r.method());
            assertEquals(i == 0 ? "/smuggle/a" : "/smuggle/b", r.target());
            assertNull(r.header("Content-Length"), "the body was dropped, and its framing with it");
            assertNull(r.header("Transfer-Encoding"));
            assertEquals(0, r.body().length);
            assertTrue(r.rawText().endsWith("\r\n\r\n") && r.rawText().indexOf("\r\n\r\n") == r.rawText().length() - 4, r.rawText());
        }
    }

    @Test
    void chunkedBodiesOnGetAndHeadAreDroppedToo() throws Exception {
        int before = origin.requests().size();
        try (RawClient c = new RawClient(edge.port())) {
            c.send("HEAD /smuggle/head HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nGET /\r\n0\r\n\r\n"
                    + "GET /smuggle/after HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response head = c.read(true);
            assertEquals(200, head.status());
            assertEquals("target /smuggle/after", c.read().text());
        }
        List<RawOrigin.Request> seen = since(before);
        assertEquals(List.of("GET /smuggle/head", "GET /smuggle/after"), seen.stream().map(r -> r.method() + " " + r.target()).toList(),
                "a HEAD that misses is filled with a GET; no body bytes became a request");
        seen.forEach(r -> assertEquals(0, r.body().length));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "POST /s HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /s HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcdeGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /s HTTP/1.1\r\nHost: x\r\nContent-Length: 4, 5\r\n\r\nabcdeGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /s HTTP/1.1\r\nHost: x\r\nContent-Length: +4\r\n\r\nabcdGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /s HTTP/1.1\r\n\r\n",
        "GET /s HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET /s HTTP/1.1\r\nHost: a b\r\n\r\n",
        "GET /s%zz HTTP/1.1\r\nHost: x\r\n\r\n",
        "TRACE /s HTTP/1.1\r\nHost: x\r\n\r\n",
    })
    void ambiguousRequestsAreRefusedAndTheConnectionClosed(String request) throws Exception {
        int before = origin.requests().size();
        try (RawClient c = new RawClient(edge.port())) {
            c.send(request);
            RawClient.Response r = c.read();
            assertTrue(r.status() >= 400 && r.status() < 502, "refused: " + r.status());
            assertTrue(c.closedWithin(2000), "the connection is closed: what follows cannot be trusted");
        }
        assertEquals(List.of(), since(before).stream().map(RawOrigin.Request::rawText).toList(), "nothing reached the origin");
    }

    @Test
    void anAbsoluteFormTargetIsSentInOriginFormAndKeyedByItsAuthority() throws Exception {
        int before = origin.requests().size();
        try (RawClient c = new RawClient(edge.port())) {
            c.send("GET http://evil.test/abs/page?q=1 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response r = c.read();
            assertEquals("target /abs/page?q=1", r.text());
            c.send("GET /abs/page?q=1 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(c.read().header("Cache-Status").contains("fwd=uri-miss"), "Host x is not the key the absolute form was stored under");
        }
        List<RawOrigin.Request> seen = since(before);
        assertEquals("/abs/page?q=1", seen.get(0).target());
        assertEquals("127.0.0.1:" + origin.port(), seen.get(0).header("Host"));
        assertEquals(2, seen.size());
    }

    @Test
    void anHttp10RequestWithoutHostIsServed() throws Exception {
        try (RawClient c = new RawClient(edge.port())) {
            c.send("GET /old HTTP/1.0\r\n\r\n");
            assertEquals("target /old", c.read().text());
        }
    }
}
