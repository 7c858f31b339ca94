package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.config.ConfigLoader;
import dev.popnet.edge.tls.Curl;
import dev.popnet.edge.wire.RawClient;
import dev.popnet.edge.wire.RawOrigin;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 without TLS on the plain port, with {@code h2c: true}: prior knowledge (curl, h2load) and the
 * HTTP/1.1 Upgrade; off by default, where the same clients get HTTP/1.1 or nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2cTest {
    private Path dir;
    private Vertx vertx;
    private RawOrigin origin;
    private EdgeServer h2c;
    private EdgeServer plain;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        origin = RawOrigin.start((req, reply) -> reply.ok(req.method() + " " + req.target() + " " + req.body().length,
                "Cache-Control: max-age=60", "Content-Type: text/plain"));
        vertx = Vertx.vertx();
        h2c = EdgeServer.start(vertx, config("h2c: true\n")).await(20, TimeUnit.SECONDS);
        plain = EdgeServer.start(vertx, config("")).await(20, TimeUnit.SECONDS);
    }

    private EdgeConfig config(String extra) throws Exception {
        Path yaml = Files.createTempFile(dir, "edge", ".yaml");
        Files.writeString(yaml, "port: 0\nevent-loops: 2\norigin: " + origin.url() + "\n" + extra);
        return ConfigLoader.load(EdgeConfig.class, yaml);
    }

    @AfterAll
    void stop() throws Exception {
        h2c.close().await(10, TimeUnit.SECONDS);
        plain.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        origin.close();
    }

    private String url(EdgeServer e, String path) {
        return "http://127.0.0.1:" + e.port() + path;
    }

    @Test
    void priorKnowledgeServesEveryMethodOverHttp2AndCaches() throws Exception {
        Curl.Response miss = Curl.run(dir, "--http2-prior-knowledge", url(h2c, "/pk"));
        assertEquals(200, miss.status(), miss.stderr());
        assertEquals("2", miss.version());
        assertEquals("GET /pk 0", miss.body());
        Curl.Response hit = Curl.run(dir, "--http2-prior-knowledge", url(h2c, "/pk"));
        assertEquals("2", hit.version());
        assertTrue(hit.header("Cache-Status").contains("hit"), hit.header("Cache-Status"));
        Curl.Response head = Curl.run(dir, "--http2-prior-knowledge", "-I", url(h2c, "/pk"));
        assertEquals(200, head.status(), head.stderr());
        assertEquals("2", head.version());
        assertEquals("9", head.header("Content-Length"), "HEAD gets the GET's length and no body");
        Curl.Response post = Curl.run(dir, "--http2-prior-knowledge", "--data-binary", "abcdef", url(h2c, "/form"));
        assertEquals(200, post.status(), post.stderr());
        assertEquals("2", post.version());
        assertEquals("POST /form 6", post.body(), "the body reached the origin");
        assertEquals(1, origin.requests().stream().filter(r -> r.target().equals("/pk") && r.method().equals("GET")).count());
    }

    @Test
    void upgradeFromHttp11SwitchesToHttp2() throws Exception {
        Curl.Response up = Curl.run(dir, "--http2", url(h2c, "/up"));
        assertEquals(200, up.status(), up.stderr());
        assertEquals("2", up.version(), "curl sent Upgrade: h2c and the edge switched");
        assertEquals("GET /up 0", up.body());
    }

    @Test
    void h2loadOverCleartextGetsEveryResponseFromTheCache() throws Exception {
        Curl.run(dir, "--http2-prior-knowledge", url(h2c, "/load"));
        Process p = new ProcessBuilder("h2load", "-n", "400", "-c", "4", "-m", "10", url(h2c, "/load")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("400 succeeded, 0 failed, 0 errored"), out);
        assertTrue(out.contains("status codes: 400 2xx"), out);
        assertTrue(out.contains("Application protocol: h2c"), out);
        assertEquals(1, origin.requests().stream().filter(r -> r.target().equals("/load")).count(), "every h2load request was a hit");
    }

    @Test
    void offByDefaultTheSameClientsGetHttp11OrNothing() throws Exception {
        Curl.Response up = Curl.run(dir, "--http2", url(plain, "/off"));
        assertEquals(200, up.status(), up.stderr());
        assertEquals("1.1", up.version(), "the Upgrade is ignored");
        Curl.Response pk = Curl.run(dir, "--http2-prior-knowledge", url(plain, "/off"));
        assertNotEquals("2", pk.version(), "no HTTP/2 without h2c: " + pk);
        assertNotEquals(200, pk.status(), pk.toString());
    }

    @Test
    void aBrokenPrefaceOrGarbageFramesCloseTheConnectionAndTheEdgeServesOn() throws Exception {
        for (String garbage : new String[] {"PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000\u0004\u00ff\u0000\u0000\u0000\u0000\u0001abcd"}) {
            try (RawClient raw = new RawClient(h2c.port())) {
                raw.send(garbage.getBytes(StandardCharsets.ISO_8859_1));
                assertTrue(raw.closedWithin(10_000), "the edge closed the connection after " + garbage.length() + " bad bytes");
            }
        }
        Curl.Response after = Curl.run(dir, "--http2-prior-knowledge", url(h2c, "/after"));
        assertEquals(200, after.status(), after.stderr());
    }
}
