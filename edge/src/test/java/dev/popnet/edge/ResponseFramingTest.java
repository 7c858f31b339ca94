package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.edge.wire.RawClient;
import dev.popnet.edge.wire.RawOrigin;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a broken or unusual origin response does to the edge: a wrong Content-Length never poisons a
 * pooled connection and is never stored; interim responses are never final and never stored, and 103
 * reaches the client. The origin writes raw bytes; the test counts its connections.
 */
class ResponseFramingTest {
    static OriginAndEdge net;
    static RawOrigin origin;
    static EdgeServer edge;

    @BeforeAll
    static void start() throws Exception {
        net = OriginAndEdge.start(ResponseFramingTest::script, s -> s.eventLoops = 1);
        origin = net.origin;
        edge = net.edge;
    }

    /** Each path names the misbehaviour to play; anything else is a plain cacheable answer. */
    static void script(RawOrigin.Request r, RawOrigin.Reply reply) throws IOException, InterruptedException {
        String path = r.target().replaceAll("\\?.*", "");
        switch (path) {
            case "/overlong" -> reply.raw("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nContent-Length: 5\r\n\r\nhello"
                    + "HTTP/1.1 200 OK\r\nCache-Control: max-age=600\r\nContent-Length: 6\r\n\r\nPOISON");
            case "/short" -> {
                reply.raw("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nContent-Length: 100\r\n\r\nonly some");
                reply.close();
            }
            case "/processing" -> {
                reply.raw("HTTP/1.1 102 Processing\r\n\r\n");
                Thread.sleep(50);
                reply.raw("HTTP/1.1 102 Processing\r\n\r\n");
                reply.ok("final", "Cache-Control: max-age=60");
            }
            case "/hints" -> {
                reply.raw("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n");
                reply.ok("final", "Cache-Control: max-age=60", "Link: </style.css>; rel=preload");
            }
            case "/switch" -> reply.raw("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n");
            case "/bad-length" -> reply.raw("HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello!");
            case "/nan-length" -> reply.raw("HTTP/1.1 200 OK\r\nContent-Length: five\r\n\r\nhello");
            case "/late-garbage" -> {
                reply.ok("first", "Cache-Control: no-store");
                Thread.sleep(50);
                reply.raw("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nPOISON");
            }
            case "/bad-status" -> reply.raw("HTTP/9 OK\r\n\r\n");
            case "/revalidated" -> {
                if (r.header("If-None-Match") != null) {
                    reply.raw("HTTP/1.1 304 Not Modified\r\nETag: \"r1\"\r\nCache-Control: max-age=0\r\n\r\n");
                } else {
                    reply.ok("kept", "ETag: \"r1\"", "Cache-Control: max-age=0");
                }
            }
            case "/two-digit-status" -> reply.raw("HTTP/1.1 20 OK\r\nContent-Length: 5\r\n\r\nhello");
            case "/glued-reason" -> reply.raw("HTTP/1.1 200OK\r\nContent-Length: 5\r\n\r\nhello");
            case "/bad-minor" -> reply.raw("HTTP/1.x 200 OK\r\nContent-Length: 5\r\n\r\nhello");
            case "/space-name" -> reply.raw("HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\nhello");
            case "/both" -> reply.raw("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n0\r\n\r\n");
            case "/to-close" -> {
                reply.raw("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\n\r\nuntil the end");
                reply.close();
            }
            case "/chunked" -> reply.raw("HTTP/1.1 200 OK\r\nCache-Control: no-store\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            case "/alike" -> { // heads that repeat the previous one's lines, shifted, respaced or changed
                String v = r.target().replaceAll(".*v=", "");
                switch (v) {
                    case "1" -> reply.ok("one", "Cache-Control: max-age=60", "X-Kind: alike", "X-Version: 1");
                    case "2" -> reply.ok("two", "Cache-Control: max-age=60", "X-Kind: alike", "X-Version: 2");
                    case "3" -> reply.ok("three", "X-Extra: first", "Cache-Control: max-age=60", "X-Kind:  alike ", "X-Version: 2");
                    default -> reply.ok("four", "Cache-Control: max-age=60", "X-Kind: alike", "X-Version:");
                }
            }
            default -> reply.ok("plain " + r.target(), "Cache-Control: max-age=60");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        net.close();
    }


    @Test
    void aRevalidationAnswered304KeepsItsConnection() throws Exception {
        assertEquals("kept", TestEdge.get(edge, "/revalidated").body());
        int connections = origin.connections();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = TestEdge.get(edge, "/revalidated");
            assertEquals("kept", r.body());
            assertTrue(r.headers().firstValue("Cache-Status").orElse("").contains("fwd-status=304"), r.headers().toString());
        }
        assertEquals(connections, origin.connections(), "a 304 has no body to wait for: its connection goes back to the pool");
    }

    @Test
    void eachResponseOnAPooledConnectionKeepsItsOwnHeaders() throws Exception {
        String[][] expected = {{"one", "1", null}, {"two", "2", null}, {"three", "2", "first"}, {"four", "", null}};
        for (int round = 0; round < 2; round++) { // fetched one after the other on one connection, then hits
            for (int i = 0; i < expected.length; i++) {
                HttpResponse<String> r = TestEdge.get(edge, "/alike?v=" + (i + 1));
                assertEquals(expected[i][0], r.body());
                assertEquals("alike", r.headers().firstValue("X-Kind").orElse(null), r.headers().toString());
                assertEquals(expected[i][1], r.headers().firstValue("X-Version").orElse(null), r.headers().toString());
                assertEquals(expected[i][2], r.headers().firstValue("X-Extra").orElse(null), r.headers().toString());
                assertEquals("max-age=60", r.headers().firstValue("Cache-Control").orElse(null));
                assertEquals(round == 1, TestEdge.cacheStatus(r).contains("hit"), TestEdge.cacheStatus(r));
            }
        }
        assertEquals(expected.length, net.fetches("/alike"), "each fetched once, then served from the store");
    }

    @Test
    void extraBytesAfterTheBodyNeverReachTheNextRequest() throws Exception {
        HttpResponse<String> first = TestEdge.get(edge, "/overlong");
        assertEquals("hello", first.body(), "the message ends where its Content-Length says, as for any HTTP/1.1 client");
        int connections = origin.connections();
        HttpResponse<String> next = TestEdge.get(edge, "/next-after-overlong");
        assertEquals("plain /next-after-overlong", next.body(), "the smuggled response was never taken for this one");
        assertEquals(connections + 1, origin.connections(), "the connection in doubt was closed, a new one opened");
        HttpResponse<String> again = TestEdge.get(edge, "/overlong");
        assertEquals("hello", again.body(), "stored as declared; what followed it is gone with the connection");
        assertEquals(1, net.fetches("/overlong"));
    }

    @Test
    void aTruncatedBodyIsCutShortForTheClientAndNotStored() throws Exception {
        for (int i = 0; i < 2; i++) {
            try (RawClient c = new RawClient(edge.port())) {
                c.send("GET /short HTTP/1.1\r\nHost: x\r\n\r\n");
                try {
                    assertEquals(502, c.read().status(), "an error when nothing was sent yet");
                } catch (IOException cut) {
                    assertTrue(cut.getMessage().contains("cut short"), "else the body is visibly cut short: " + cut.getMessage());
                }
            }
        }
        assertEquals(2, net.fetches("/short"), "asked for again: nothing was stored");
        assertEquals("plain /after-short", TestEdge.get(edge, "/after-short").body());
    }

    @Test
    void aBodyDelimitedByTheCloseIsRelayedAndTheConnectionNotReused() throws Exception {
        assertEquals("until the end", TestEdge.get(edge, "/to-close").body());
        assertTrue(TestEdge.cacheStatus(TestEdge.get(edge, "/to-close")).contains("hit"), "a complete close-delimited body may be stored");
    }

    @Test
    void transferEncodingOverridesContentLengthAndTheConnectionEnds() throws Exception {
        int connections = origin.connections();
        assertEquals("hello", TestEdge.get(edge, "/both").body());
        TestEdge.get(edge, "/after-both");
        assertEquals(connections + 1, origin.connections());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/switch", "/bad-length", "/nan-length", "/bad-status", "/two-digit-status", "/glued-reason", "/bad-minor",
        "/space-name"})
    void malformedResponsesGive502(String path) throws Exception {
        HttpResponse<String> r = TestEdge.get(edge, path);
        assertEquals(502, r.statusCode(), r.body());
        assertEquals("plain /after" + path, TestEdge.get(edge, "/after" + path).body(), "the next request is not harmed");
    }

    @Test
    void bytesOnAnIdlePooledConnectionEndIt() throws Exception {
        int closed = origin.closedByPeer();
        assertEquals("first", TestEdge.get(edge, "/late-garbage").body());
        TestEdge.await("the edge closing the idle connection that received stray bytes", java.time.Duration.ofSeconds(5),
                () -> origin.closedByPeer() > closed);
        assertEquals("plain /after-late-garbage", TestEdge.get(edge, "/after-late-garbage").body());
    }

    @Test
    void processingIsNeverTakenForTheResponse() throws Exception {
        HttpResponse<String> r = TestEdge.get(edge, "/processing");
        assertEquals(200, r.statusCode());
        assertEquals("final", r.body());
        HttpResponse<String> again = TestEdge.get(edge, "/processing");
        assertEquals("final", again.body());
        assertTrue(TestEdge.cacheStatus(again).contains("hit"), "the final response is what was stored");
        assertEquals("plain /after-processing", TestEdge.get(edge, "/after-processing").body());
    }

    @Test
    void earlyHintsReachTheClientBeforeTheResponse() throws Exception {
        try (RawClient c = new RawClient(edge.port())) {
            c.send("GET /hints HTTP/1.1\r\nHost: x\r\n\r\n");
            List<RawClient.Response> interim = new ArrayList<>();
            RawClient.Response r = c.readFinal(interim);
            assertEquals(1, interim.size());
            assertEquals(103, interim.get(0).status());
            assertEquals("</style.css>; rel=preload", interim.get(0).header("Link"));
            assertEquals("final", r.text());
            c.send("GET /hints HTTP/1.1\r\nHost: x\r\n\r\n");
            List<RawClient.Response> none = new ArrayList<>();
            RawClient.Response hit = c.readFinal(none);
            assertTrue(none.isEmpty(), "a 1xx is never stored: a hit has none");
            assertEquals(200, hit.status());
            assertTrue(hit.header("Cache-Status").contains("hit"));
        }
    }

    @Test
    void anHttp10ClientGetsABodyOfUnknownLengthEndedByTheClose() throws Exception {
        try (RawClient c = new RawClient(edge.port())) {
            c.send("GET /chunked HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawClient.Response r = c.read();
            assertEquals(null, r.header("Transfer-Encoding"), "HTTP/1.0 has no chunked coding");
            assertEquals("hello world", r.text(), "read to the close");
        }
        try (RawClient c = new RawClient(edge.port())) {
            c.send("GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("hello world", c.read().text());
        }
    }
}
