package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.edge.wire.RawClient;
import dev.popnet.edge.wire.RawOrigin;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Slow, idle and too many clients cannot hold the node: header-read, keep-alive and idle timeouts, and a connection cap. */
class ClientLimitsTest {
    static Vertx vertx;
    static RawOrigin origin;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        origin = RawOrigin.start((r, reply) -> reply.ok("ok", "Cache-Control: no-store"));
    }

    @AfterAll
    static void stop() throws Exception {
        origin.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    static EdgeServer edge(ClientLimits limits) throws Exception {
        return TestEdge.start(vertx, origin.url(), s -> s.client = limits);
    }

    @Test
    void aHeadTrickledSlowerThanTheHeaderTimeoutIsCut() throws Exception {
        EdgeServer edge = edge(new ClientLimits(Duration.ofMillis(400), Duration.ofSeconds(30), Duration.ofSeconds(30), 100));
        try (RawClient c = new RawClient(edge.port())) {
            long start = System.nanoTime();
            c.send("GET / HTTP/1.1\r\nHo");
            Thread trickle = new Thread(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        c.send("s");
                        Thread.sleep(50); // a byte every 50 ms: the idle timeout alone would never fire
                    }
                } catch (Exception e) {
                    // closed by the edge, as it should be
                }
            });
            trickle.start();
            assertTrue(c.closedWithin(5000), "closed");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 350, "not before the header timeout: " + ms + " ms");
            trickle.join();
        } finally {
            edge.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheKeepAliveTimeout() throws Exception {
        EdgeServer edge = edge(new ClientLimits(Duration.ofSeconds(10), Duration.ofMillis(400), Duration.ofSeconds(30), 100));
        try (RawClient c = new RawClient(edge.port())) {
            c.send("GET /ka HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("ok", c.read().text());
            c.send("GET /ka2 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("ok", c.read().text(), "the connection stays up between requests that come in time");
            long start = System.nanoTime();
            assertTrue(c.closedWithin(5000));
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 350);
        } finally {
            edge.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStalledBodyIsCutAfterTheIdleTimeout() throws Exception {
        EdgeServer edge = edge(new ClientLimits(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(500), 100));
        try (RawClient c = new RawClient(edge.port())) {
            c.send("POST /stall HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhalf");
            assertTrue(c.closedWithin(5000));
        } finally {
            edge.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void connectionsBeyondTheCapAreClosedAtOnceAndLogged() throws Exception {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("dev.popnet.edge").addHandler(capture);
        EdgeServer edge = edge(new ClientLimits(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30), 5));
        List<RawClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                RawClient c = new RawClient(edge.port());
                c.send("GET /held HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("ok", c.read().text());
                held.add(c);
            }
            try (RawClient extra = new RawClient(edge.port())) {
                assertTrue(extra.closedWithin(2000), "the sixth connection is closed at once");
            }
            TestEdge.await("a log line an operator can see", Duration.ofSeconds(5), () -> logged.stream()
                    .anyMatch(r -> r.getMessage().contains("client connection limit reached (client.max-connections=5)")));
            held.remove(0).close();
            TestEdge.await("a slot freed", Duration.ofSeconds(5), () -> {
                try (RawClient again = new RawClient(edge.port())) {
                    again.send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n");
                    return again.read().status() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            for (RawClient c : held) {
                c.close();
            }
            Logger.getLogger("dev.popnet.edge").removeHandler(capture);
            edge.close().await(10, TimeUnit.SECONDS);
        }
    }
}
