package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.http.HttpDates;
import dev.popnet.edge.wire.RawOrigin;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 9111 §4.2.4: with the origin unreachable (refusing connections) or dropping them, a stored stale
 * response is served, within stale-if-unreachable, unless the response forbids serving it stale.
 * Responses come already stale (Age beyond max-age), so no test waits for time to pass.
 */
class StaleWhenUnreachableTest {
    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> storeThenFail(String cacheControl, boolean refuse, Consumer<TestEdge.Settings> tweak) throws Exception {
        RawOrigin origin = RawOrigin.start((r, reply) -> reply.ok("stored body", "Cache-Control: " + cacheControl, "Age: 100",
                "Date: " + HttpDates.format(System.currentTimeMillis()), "ETag: \"e1\""));
        EdgeServer edge = TestEdge.start(vertx, origin.url(), tweak);
        try {
            assertEquals("stored body", TestEdge.get(edge, "/page").body());
            if (refuse) {
                origin.close(); // connections refused from now on
            } else {
                origin.script((r, reply) -> reply.close()); // accepted, then dropped without an answer
            }
            return TestEdge.get(edge, "/page");
        } finally {
            edge.close().await(10, TimeUnit.SECONDS);
            origin.close();
        }
    }

    @ParameterizedTest(name = "{0}, refused={1}")
    @CsvSource(delimiter = '|', textBlock = """
            max-age=10                   | true  | 200
            max-age=10                   | false | 200
            max-age=10, must-revalidate  | true  | 502
            max-age=10, proxy-revalidate | false | 502
            s-maxage=10                  | true  | 502
            no-cache                     | true  | 502
            """)
    void staleIsServedWhenTheOriginCannotBeReached(String cacheControl, boolean refused, int expected) throws Exception {
        HttpResponse<String> r = storeThenFail(cacheControl, refused, s -> { });
        assertEquals(expected, r.statusCode(), r.body() + " " + TestEdge.cacheStatus(r));
        if (expected == 200) {
            assertEquals("stored body", r.body());
            assertTrue(TestEdge.cacheStatus(r).contains("hit") && TestEdge.cacheStatus(r).contains("detail=origin-unreachable"),
                    TestEdge.cacheStatus(r));
        }
    }

    @ParameterizedTest
    @CsvSource({"0s, 502", "50s, 502", "200s, 200"})
    void theSettingBoundsHowStale(String setting, int expected) throws Exception {
        Duration limit = Duration.ofSeconds(Long.parseLong(setting.replace("s", "")));
        assertEquals(expected, storeThenFail("max-age=10", true, s -> s.staleIfUnreachable = limit).statusCode(),
                "stored 90 s past its freshness; stale-if-unreachable " + setting);
    }
}
