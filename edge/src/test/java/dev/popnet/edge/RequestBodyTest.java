package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.edge.wire.RawClient;
import dev.popnet.edge.wire.RawOrigin;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request bodies reach the origin intact and framed as sent: every method, with Content-Length or
 * chunked, with {@code Expect: 100-continue}, streamed rather than buffered whole. The origin records
 * the bytes it received.
 */
class RequestBodyTest {
    static OriginAndEdge net;
    static RawOrigin origin;
    static EdgeServer edge;

    @BeforeAll
    static void start() throws Exception {
        net = OriginAndEdge.start((r, reply) -> reply.ok("got " + r.body().length, "Cache-Control: no-store"));
        origin = net.origin;
        edge = net.edge;
    }

    @BeforeEach
    void answerPlainly() {
        origin.sendContinue(true);
        origin.script((r, reply) -> reply.ok("got " + r.body().length, "Cache-Control: no-store"));
    }

    @AfterAll
    static void stop() throws Exception {
        net.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void everyMethodsBodyReachesTheOrigin(String method) throws Exception {
        HttpResponse<String> r = TestEdge.send(edge, method, "/item/" + method, "a=b");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("got 3", r.body());
        RawOrigin.Request seen = origin.last();
        assertEquals(method, seen.method());
        assertEquals("/item/" + method, seen.target());
        assertEquals("a=b", new String(seen.body(), StandardCharsets.ISO_8859_1));
        assertEquals("3", seen.header("Content-Length"));
        assertNull(seen.header("Transfer-Encoding"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void everyMethodWithoutABody(String method) throws Exception {
        HttpResponse<String> r = TestEdge.send(edge, method, "/empty/" + method, null);
        assertEquals(200, r.statusCode(), r.body());
        RawOrigin.Request seen = origin.last();
        assertEquals(method, seen.method());
        assertEquals(0, seen.body().length);
        boolean meansContent = List.of("POST", "PUT", "PATCH").contains(method);
        assertEquals(meansContent ? "0" : null, seen.header("Content-Length"), "RFC 9110 §8.6: Content-Length: 0 where content has a meaning");
    }

    @Test
    void aChunkedBodyGoesOnChunked() throws Exception {
        try (RawClient c = new RawClient(edge.port())) {
            c.send("POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n");
            assertEquals("got 7", c.read().text());
        }
        RawOrigin.Request seen = origin.last();
        assertEquals("abcdefg", new String(seen.body(), StandardCharsets.ISO_8859_1));
        assertEquals("chunked", seen.header("Transfer-Encoding"));
        assertNull(seen.header("Content-Length"));
    }

    @Test
    void expectContinueIsAskedOfTheOriginAndItsAnswerRelayed() throws Exception {
        try (RawClient c = new RawClient(edge.port())) {
            c.send("PUT /expect HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            RawClient.Response interim = c.read();
            assertEquals(100, interim.status(), "the client is told to go on before it sends the body");
            c.send("hello");
            assertEquals("got 5", c.read().text());
        }
        assertEquals("100-continue", origin.last().header("Expect"));
        assertEquals("hello", new String(origin.last().body(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void anOriginThatNeverSays100StillGetsTheBody() throws Exception {
        origin.sendContinue(false);
        try (RawClient c = new RawClient(edge.port())) {
            c.send("PUT /old-origin HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertEquals(100, c.read().status(), "after a second the edge goes on, as RFC 9110 §10.1.1 lets it");
            c.send("hello");
            assertEquals("got 5", c.read().text());
        }
    }

    @Test
    void aLargeUploadStreamsThroughInsteadOfBeingBuffered() throws Exception {
        int size = 64 << 20;
        long bytesBefore = origin.bodyBytesReceived();
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'u');
        try (RawClient c = new RawClient(edge.port())) {
            c.send("PUT /big HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n");
            for (int i = 0; i < 8; i++) {
                c.send(chunk);
            }
            TestEdge.await("the origin receiving the first megabytes while the client is still sending", Duration.ofSeconds(10),
                    () -> origin.bodyBytesReceived() - bytesBefore >= 4 << 20);
            for (int i = 8; i < 64; i++) {
                c.send(chunk);
            }
            assertEquals("got " + size, c.read().text());
        }
    }

    @Test
    void aBodyCutShortNeverReachesTheOriginAsARequest() throws Exception {
        int before = origin.requests().size();
        long bytesBefore = origin.bodyBytesReceived();
        try (RawClient c = new RawClient(edge.port())) {
            c.send("POST /cut HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhalf!");
            TestEdge.await("half the body at the origin", Duration.ofSeconds(5), () -> origin.bodyBytesReceived() > bytesBefore);
        }
        HttpResponse<String> next = TestEdge.get(edge, "/after-cut");
        assertEquals(200, next.statusCode());
        List<String> seen = new ArrayList<>();
        origin.requests().subList(before, origin.requests().size()).forEach(r -> seen.add(r.method() + " " + r.target()));
        assertEquals(List.of("GET /after-cut"), seen, "the half request was never completed upstream, and nothing else was");
        assertFalse(origin.last().rawText().contains("half!"));
        assertTrue(origin.last().rawText().startsWith("GET /after-cut HTTP/1.1\r\n"));
    }
}
