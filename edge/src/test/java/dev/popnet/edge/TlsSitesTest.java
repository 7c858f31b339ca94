package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.config.ConfigLoader;
import dev.popnet.edge.tls.Curl;
import dev.popnet.edge.tls.TestCa;
import dev.popnet.edge.wire.RawOrigin;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sites on two origins behind one edge with HTTPS, each with its own certificate from a test CA,
 * reached with real clients: curl over TLS with SNI (HTTP/2 and HTTP/1.1), h2load, and plain HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsSitesTest {
    private Path dir;
    private Vertx vertx;
    private RawOrigin originA;
    private RawOrigin originB;
    private EdgeServer edge;
    private TestCa ca;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        ca = TestCa.create(dir);
        TestCa.Issued certA = ca.issue("a.test", "*.a.test");
        TestCa.Issued certB = ca.issue("b.test");
        originA = RawOrigin.start((req, reply) -> reply.ok("from a: " + req.target(), "Cache-Control: max-age=60", "Content-Type: text/plain"));
        originB = RawOrigin.start((req, reply) -> reply.ok("from b: " + req.target(), "Cache-Control: max-age=60", "Content-Type: text/plain"));
        Path yaml = dir.resolve("edge.yaml");
        Files.writeString(yaml, """
                port: 0
                event-loops: 2
                tls: {enabled: true, port: 0}
                pools:
                  pa: {servers: [%s]}
                  pb: {servers: [%s]}
                sites:
                  - {hosts: [a.test, "*.a.test"], pool: pa, tls-cert: %s, tls-key: %s}
                  - {hosts: [b.test], pool: pb, tls-cert: %s, tls-key: %s, https-redirect: true}
                """.formatted(originA.url(), originB.url(), certA.cert(), certA.key(), certB.cert(), certB.key()));
        vertx = Vertx.vertx();
        edge = EdgeServer.start(vertx, ConfigLoader.load(EdgeConfig.class, yaml)).await(20, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() throws Exception {
        edge.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        originA.close();
        originB.close();
    }

    private Curl.Response https(String host, String path, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--cacert", ca.cert().toString(), "--resolve", host + ":" + edge.httpsPort() + ":127.0.0.1", "-v"));
        args.addAll(List.of(extra));
        args.add("https://" + host + ":" + edge.httpsPort() + path);
        return Curl.run(dir, args.toArray(String[]::new));
    }

    @Test
    void eachSiteGetsItsCertificateBySniAndItsOrigin() throws Exception {
        Curl.Response a = https("a.test", "/page");
        assertEquals(0, a.exit(), a.stderr());
        assertEquals(200, a.status());
        assertEquals("from a: /page", a.body());
        assertTrue(a.stderr().contains("CN=a.test"), "a.test is served its own certificate: " + a.stderr());
        Curl.Response sub = https("www.a.test", "/page");
        assertEquals("from a: /page", sub.body(), "the wildcard host is the same site, and the same cached object's origin");

        Curl.Response b = https("b.test", "/page");
        assertEquals(0, b.exit(), b.stderr());
        assertEquals("from b: /page", b.body());
        assertTrue(b.stderr().contains("CN=b.test"), "b.test is served its own certificate: " + b.stderr());
        assertTrue(originA.requests().stream().noneMatch(r -> r.target().equals("/page") && "b.test".equals(r.header("Host"))),
                "b.test never reaches a's origin");
    }

    @Test
    void http2AndHttp11OnTheTlsPortAndTheSecondRequestIsAHit() throws Exception {
        Curl.Response h2 = https("a.test", "/h2", "--http2");
        assertEquals(200, h2.status(), h2.stderr());
        assertEquals("2", h2.version(), "ALPN picked h2");
        Curl.Response again = https("a.test", "/h2", "--http2");
        assertTrue(again.header("Cache-Status").contains("; hit"), again.headers().toString());
        Curl.Response h1 = https("a.test", "/h2", "--http1.1");
        assertEquals("1.1", h1.version());
        assertEquals("from a: /h2", h1.body());
        assertTrue(h1.header("Cache-Status").contains("; hit"), "one object for both protocols: " + h1.headers());
        assertEquals(1, originA.requests().stream().filter(r -> r.target().equals("/h2")).count());
    }

    @Test
    void h2loadGetsEveryResponse() throws Exception {
        https("a.test", "/load"); // stored: h2load then measures hits
        Process p = new ProcessBuilder("h2load", "-n", "400", "-c", "4", "-m", "10", "-H", ":authority: a.test",
                "https://127.0.0.1:" + edge.httpsPort() + "/load").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("400 succeeded, 0 failed, 0 errored"), out);
        assertTrue(out.contains("status codes: 400 2xx"), out);
        assertTrue(out.contains("Application protocol: h2"), out);
        assertEquals(1, originA.requests().stream().filter(r -> r.target().equals("/load")).count(), "every h2load request was a hit");
    }

    @Test
    void unknownHostsGet421AndAreNeverProxied() throws Exception {
        int before = originA.requests().size() + originB.requests().size();
        Curl.Response plain = Curl.run(dir, "-H", "Host: elsewhere.test", "http://127.0.0.1:" + edge.port() + "/x");
        assertEquals(421, plain.status());
        Curl.Response tls = https("c.test", "/x", "-k");
        assertEquals(421, tls.status(), tls.stderr());
        assertEquals(before, originA.requests().size() + originB.requests().size());
    }

    @Test
    void plainHttpIsRedirectedForASiteThatAsksForIt() throws Exception {
        Curl.Response get = Curl.run(dir, "-H", "Host: b.test", "http://127.0.0.1:" + edge.port() + "/r?q=1");
        assertEquals(301, get.status());
        assertEquals("https://b.test:" + edge.httpsPort() + "/r?q=1", get.header("Location"));
        Curl.Response post = Curl.run(dir, "-H", "Host: b.test", "-d", "x=1", "http://127.0.0.1:" + edge.port() + "/r");
        assertEquals(308, post.status(), "308 keeps the method and body");
        Curl.Response a = Curl.run(dir, "-H", "Host: a.test", "http://127.0.0.1:" + edge.port() + "/plain");
        assertEquals(200, a.status(), "a site without the redirect is served over plain HTTP too");
        assertNotEquals("", a.body());
    }
}
