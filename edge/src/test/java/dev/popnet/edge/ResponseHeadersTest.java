package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.http.HttpDates;
import dev.popnet.edge.wire.RawClient;
import dev.popnet.edge.wire.RawOrigin;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Response header semantics through a real edge: repeated lines of list-valued fields (RFC 9110 §5.3),
 * Connection tokens, Age, CDN-Cache-Control precedence, Set-Cookie, lenient-where-specified parsing and
 * 304 freshening. Each path's response headers are set by the test; the second request shows whether the
 * first was stored and how it is served to another client.
 */
class ResponseHeadersTest {
    static OriginAndEdge net;
    static RawOrigin origin;
    static EdgeServer edge;
    /** Header lines to answer each path with ({@code Name: value}, one per line). */
    static final Map<String, List<String>> HEADERS = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        net = OriginAndEdge.start((r, reply) -> {
            String path = r.target().replaceAll("\\?.*", "");
            List<String> h = HEADERS.getOrDefault(path, List.of("Cache-Control: max-age=60"));
            if (r.header("If-None-Match") != null && h.contains("ETag: \"v1\"")) {
                reply.raw("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nCache-Control: max-age=600\r\nX-Updated: yes\r\nContent-Type: text/html\r\n"
                        + "Content-Length: 99\r\n\r\n");
                return;
            }
            reply.ok("body of " + path + " #" + origin.requests().size(), h.toArray(String[]::new));
        });
        origin = net.origin;
        edge = net.edge;
    }

    @AfterAll
    static void stop() throws Exception {
        net.close();
    }


    /** Answers {@code path} with these lines, requests it twice; returns the second response. */
    private static HttpResponse<String> twice(String path, String... lines) throws Exception {
        HEADERS.put(path, List.of(lines));
        TestEdge.get(edge, path);
        return TestEdge.get(edge, path);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            private on a second line is never shared        | /lines/private  | Cache-Control: max-age=60 | Cache-Control: private  | 2
            no-store on a second line                       | /lines/nostore  | Cache-Control: public     | Cache-Control: no-store | 2
            no-cache on a second line revalidates           | /lines/nocache  | Cache-Control: max-age=60 | Cache-Control: no-cache | 2
            Vary * on a second line                         | /lines/varystar | Vary: Accept              | Vary: *                 | 2
            s-maxage on a second line makes it fresh        | /lines/smaxage  | Cache-Control: max-age=0  | Cache-Control: s-maxage=60 | 1
            CDN-Cache-Control private on a second line      | /lines/cdnpriv  | CDN-Cache-Control: max-age=60 | CDN-Cache-Control: private | 2
            """)
    void everyLineOfAListFieldCounts(String row, String path, String first, String second, long expectedFetches) throws Exception {
        twice(path, first, second);
        assertEquals(expectedFetches, net.fetches(path), row);
    }

    @Test
    void connectionTokensAreMatchedWhole() throws Exception {
        HttpResponse<String> r = twice("/connection", "Cache-Control: max-age=60", "Connection: keep-alive, X-Hop", "A: 1", "E: 2", "Live: 3",
                "X-Hop: secret");
        for (String name : List.of("A", "E", "Live")) {
            assertTrue(r.headers().firstValue(name).isPresent(), name + " is not named by Connection: keep-alive");
        }
        assertFalse(r.headers().firstValue("X-Hop").isPresent(), "a field Connection names is hop-by-hop");
        try (RawClient c = new RawClient(edge.port())) {
            c.send("GET /connection-request HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, X-Client-Hop\r\nX-Client-Hop: 1\r\nAlive: 2\r\n\r\n");
            assertEquals(200, c.read().status());
        }
        RawOrigin.Request seen = origin.last();
        assertEquals(null, seen.header("X-Client-Hop"));
        assertEquals("2", seen.header("Alive"));
    }

    @Test
    void ageCountsTheOriginsAgeAndTheTimeSpentHere() throws Exception {
        HEADERS.put("/age", List.of("Cache-Control: max-age=600", "Age: 100", "Date: " + HttpDates.format(System.currentTimeMillis())));
        HttpResponse<String> miss = TestEdge.get(edge, "/age");
        assertTrue(Long.parseLong(miss.headers().firstValue("Age").orElseThrow()) >= 100, "a miss sends the age it computed, not 0");
        HttpResponse<String> hit = TestEdge.get(edge, "/age");
        assertTrue(Long.parseLong(hit.headers().firstValue("Age").orElseThrow()) >= 100);
        HEADERS.put("/age-list", List.of("Cache-Control: max-age=3600", "Age: 7200, 0", "Date: " + HttpDates.format(System.currentTimeMillis())));
        TestEdge.get(edge, "/age-list");
        TestEdge.get(edge, "/age-list");
        assertEquals(2, net.fetches("/age-list"), "§5.1: the first member of a list Age counts: older than its max-age, so stale");
        HEADERS.put("/age-bad", List.of("Cache-Control: max-age=3600", "Age: -7200", "Date: " + HttpDates.format(System.currentTimeMillis())));
        TestEdge.get(edge, "/age-bad");
        assertTrue(TestEdge.cacheStatus(TestEdge.get(edge, "/age-bad")).contains("hit"), "an invalid Age is ignored");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            RFC 9213 private beats Cache-Control           | /cdn/private   | CDN-Cache-Control: private  | Cache-Control: max-age=600 | 2
            RFC 9213 no-store beats Cache-Control          | /cdn/nostore   | CDN-Cache-Control: no-store | Cache-Control: max-age=600 | 2
            RFC 9213 no-cache beats Cache-Control          | /cdn/nocache   | CDN-Cache-Control: no-cache | Cache-Control: max-age=600 | 2
            RFC 9213 max-age beats Cache-Control no-store  | /cdn/fresh     | CDN-Cache-Control: max-age=600 | Cache-Control: no-store | 1
            RFC 9213 an invalid field is ignored           | /cdn/invalid   | CDN-Cache-Control: max-age=600, &&& | Cache-Control: no-store | 2
            """)
    void cdnCacheControlGovernsThisCache(String row, String path, String cdn, String cc, long expectedFetches) throws Exception {
        twice(path, cdn, cc);
        assertEquals(expectedFetches, net.fetches(path), row);
    }

    @Test
    void aStoredResponseNeverCarriesAnotherClientsCookie() throws Exception {
        HEADERS.put("/cookie", List.of("Cache-Control: public, max-age=60", "Set-Cookie: session=alice"));
        HttpResponse<String> alice = TestEdge.get(edge, "/cookie");
        assertEquals("session=alice", alice.headers().firstValue("Set-Cookie").orElse(""), "the client it was meant for gets it");
        HttpResponse<String> bob = TestEdge.get(edge, "/cookie");
        assertTrue(TestEdge.cacheStatus(bob).contains("hit"));
        assertFalse(bob.headers().firstValue("Set-Cookie").isPresent(), "no other client does");
        twice("/cookie-private", "Cache-Control: max-age=60", "Set-Cookie: session=carol");
        assertEquals(2, net.fetches("/cookie-private"), "without public, a response that sets a cookie is not stored at all");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            §4.2.1 whitespace before = is invalid: stale  | /parse/ws        | Cache-Control: max-age =600  | 2
            §4.2.1 a malformed max-age: stale              | /parse/a100      | Cache-Control: max-age=a100  | 2
            §5.2 a quoted max-age counts                   | /parse/quoted    | Cache-Control: max-age="600" | 1
            §1.2.2 leading zeros count                     | /parse/zeros     | Cache-Control: max-age=0600  | 1
            §5.2 max-age inside a quoted string does not   | /parse/inquote   | Cache-Control: ext="max-age=600", max-age=0 | 2
            §5.3 an invalid Expires is already expired     | /parse/expires0  | Expires: 0                   | 2
            §5.3 Expires in RFC 850 form                   | /parse/rfc850    | Expires: Thursday, 18-Aug-50 02:01:18 GMT | 1
            §5.3 Expires in asctime form                   | /parse/asctime   | Expires: Thu Aug 18 02:01:18 2050 | 1
            §5.3 Expires in UTC is not an HTTP date        | /parse/utc       | Expires: Thu, 18 Aug 2050 02:01:18 UTC | 2
            """)
    void parsingFollowsRfc9111(String row, String path, String line, long expectedFetches) throws Exception {
        twice(path, line, "Date: " + HttpDates.format(System.currentTimeMillis()));
        assertEquals(expectedFetches, net.fetches(path), row);
    }

    @Test
    void a304UpdatesTheStoredHeadersButNotTheFramingOrContentType() throws Exception {
        HEADERS.put("/fresh304", List.of("Cache-Control: max-age=0", "ETag: \"v1\"", "Content-Type: text/plain"));
        HttpResponse<String> first = TestEdge.get(edge, "/fresh304");
        HttpResponse<String> revalidated = TestEdge.get(edge, "/fresh304");
        assertTrue(TestEdge.cacheStatus(revalidated).contains("fwd-status=304"), TestEdge.cacheStatus(revalidated));
        assertEquals(first.body(), revalidated.body());
        assertEquals("yes", revalidated.headers().firstValue("X-Updated").orElse(""), "§3.2: new fields from the 304 are stored");
        assertEquals("max-age=600", revalidated.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(String.valueOf(first.body().length()), revalidated.headers().firstValue("Content-Length").orElse(""),
                "the 304's Content-Length does not describe the stored body");
        assertEquals("text/plain", revalidated.headers().firstValue("Content-Type").orElse(""));
        assertTrue(TestEdge.cacheStatus(TestEdge.get(edge, "/fresh304")).contains("hit"), "fresh again for the 304's max-age");
    }

    @Test
    void aSurrogateKeyOnASecondLineStillPurges() throws Exception {
        HEADERS.put("/tagged", List.of("Cache-Control: max-age=600", "Surrogate-Key: brand images", "Surrogate-Key: campaign-7"));
        TestEdge.get(edge, "/tagged");
        assertTrue(TestEdge.cacheStatus(TestEdge.get(edge, "/tagged")).contains("hit"));
        HttpResponse<String> purge = TestEdge.send(edge, "POST", "/purge", "{\"surrogate-key\":\"campaign-7\"}", "Authorization", "Bearer tok");
        assertTrue(purge.body().contains("\"purged\" : 1") || purge.body().contains("\"purged\":1"), purge.body());
        assertTrue(TestEdge.cacheStatus(TestEdge.get(edge, "/tagged")).contains("fwd=uri-miss"));
    }
}
