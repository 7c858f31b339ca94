package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.popnet.origin.OriginConfig;
import dev.popnet.origin.OriginServer;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The origin's admin API is never reachable through the edge, however the path is spelled. */
class AdminPathTest {
    static Vertx vertx;
    static OriginServer origin;
    static EdgeServer edge;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        OriginConfig d = OriginConfig.defaults();
        origin = OriginServer.start(vertx, new OriginConfig("127.0.0.1", 0, null, d.defaultCacheControl(), d.rules(), d.defaultSize(),
                d.catalog(), d.faults(), d.maxUriLength(), d.maxHeaderSize(), "admin-secret", 1)).await(10, TimeUnit.SECONDS);
        edge = TestEdge.start(vertx, "http://127.0.0.1:" + origin.port());
    }

    @AfterAll
    static void stop() throws Exception {
        edge.close().await(10, TimeUnit.SECONDS);
        origin.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/faults", "/%61dmin/faults", "/x/../admin/faults", "/admin/%66aults", "/./admin/down"})
    void adminPathsAreAnswered404AtTheEdge(String path) throws Exception {
        long before = origin.requestCount();
        HttpResponse<String> r = TestEdge.send(edge, "PUT", path, "{\"down\":true}", "Authorization", "Bearer admin-secret");
        assertEquals(404, r.statusCode());
        assertEquals(before, origin.requestCount(), "the origin never saw it");
        assertFalse(origin.faults().get().down());
        assertEquals(200, TestEdge.get(edge, "/obj/still-up?size=10").statusCode());
    }
}
