package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.edge.wire.RawClient;
import dev.popnet.edge.wire.RawOrigin;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cache poisoning through what the key does not see: the key is built from exactly the target the
 * origin is sent, and headers origins trust for URLs never reach it. The origin here behaves as real
 * ones do: it reads {@code ;} as a parameter separator, decodes escapes, and reflects forwarding headers.
 */
class PoisoningTest {
    static OriginAndEdge net;
    static RawOrigin origin;
    static EdgeServer edge;

    @BeforeAll
    static void start() throws Exception {
        net = OriginAndEdge.start(PoisoningTest::answer);
        origin = net.origin;
        edge = net.edge;
    }

    static void answer(RawOrigin.Request r, RawOrigin.Reply reply) throws java.io.IOException {
        String target = r.target();
        if (target.equals("/api/secret.json")) {
            reply.ok("alice's secret", "Cache-Control: private");
        } else if (target.equals("/%61pi/secret.json")) {
            reply.ok("alice's secret", "Cache-Control: public, max-age=600"); // a rule keyed on the raw path missed it
        } else if (target.contains("status=404")) {
            reply.status(404, "not found", "Cache-Control: public, max-age=31536000");
        } else {
            String host = r.header("X-Forwarded-Host") != null ? r.header("X-Forwarded-Host")
                    : r.header("X-Host") != null ? r.header("X-Host") : r.header("Host");
            reply.ok("<script src=//" + host + "/app.js> " + target, "Cache-Control: max-age=600");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        net.close();
    }

    @Test
    void aParameterBehindASemicolonIsKeyedAsTheOriginReadsIt() throws Exception {
        HttpResponse<String> attack = TestEdge.get(edge, "/home?utm_source=x;status=404;cc=public,max-age=31536000");
        assertEquals(404, attack.statusCode());
        assertEquals("/home?status=404;cc=public,max-age=31536000", origin.last().target(),
                "the ignored parameter is dropped, the ones after ; are kept and sent");
        HttpResponse<String> home = TestEdge.get(edge, "/home");
        assertEquals(200, home.statusCode(), "the home page is not poisoned");
        assertEquals("/home", origin.last().target());
    }

    @Test
    void anEscapedPathIsSentAsItIsKeyed() throws Exception {
        TestEdge.get(edge, "/%61pi/secret.json");
        assertEquals("/api/secret.json", origin.last().target(), "the origin is sent the normalised target");
        HttpResponse<String> other = TestEdge.get(edge, "/api/secret.json");
        assertFalse(TestEdge.cacheStatus(other).contains("hit"), "a private response was never stored: " + TestEdge.cacheStatus(other));
    }

    @Test
    void parametersKeepTheirOrderAndDuplicates() throws Exception {
        TestEdge.get(edge, "/list?b=2&a=1&b=3");
        assertEquals("/list?b=2&a=1&b=3", origin.last().target());
        TestEdge.get(edge, "/list?a=1&b=2&b=3");
        assertEquals("/list?a=1&b=2&b=3", origin.last().target(), "another order is another request for an origin, so another key");
    }

    @Test
    void dotSegmentsAndEscapesAreNormalisedBeforeTheOriginSeesThem() throws Exception {
        TestEdge.get(edge, "/a/./b/../%63/x%2fy?q=%7e");
        assertEquals("/a/c/x%2Fy?q=~", origin.last().target());
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-Host", "X-Host", "X-Forwarded-Server", "X-Original-Host", "X-Forwarded-Port",
        "X-Forwarded-Prefix", "X-HTTP-Host-Override", "Forwarded", "X-Original-URL", "X-Rewrite-URL", "X-HTTP-Method-Override",
        "X-Forwarded-Proto", "X-Forwarded-Scheme"})
    void headersOriginsTrustForUrlsNeverReachThem(String header) throws Exception {
        String path = "/page-" + header.toLowerCase();
        HttpResponse<String> attacker = TestEdge.get(edge, path, header, "evil.test");
        assertNull(origin.last().header(header), header + " was dropped");
        assertFalse(attacker.body().contains("evil.test"));
        HttpResponse<String> victim = TestEdge.get(edge, path);
        assertTrue(TestEdge.cacheStatus(victim).contains("hit"));
        assertFalse(victim.body().contains("evil.test"));
    }

    @Test
    void theInternalPopHeaderIsNeverTakenFromAClient() throws Exception {
        try (RawClient c = new RawClient(edge.port())) {
            c.send("GET /internal HTTP/1.1\r\nHost: x\r\nX-Popnet-Pop-Fetch: pop-1\r\nX-Popnet-Other: 1\r\n\r\n");
            assertEquals(200, c.read().status());
        }
        assertNull(origin.last().header("X-Popnet-Pop-Fetch"));
        assertNull(origin.last().header("X-Popnet-Other"));
        assertEquals(List.of("1.1 edge-test"), origin.last().headers("Via"));
    }
}
