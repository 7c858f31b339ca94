package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.edge.wire.RawClient;
import dev.popnet.edge.wire.RawOrigin;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fetches over time: concurrent misses wait for the one fetch however long the origin takes (within its
 * timeouts); a trickling origin is cut off by the response timeout; background refreshes of a Vary'd
 * response carry the headers that selected the variant.
 */
class FetchTimingTest {
    static OriginAndEdge net;
    static RawOrigin origin;
    static EdgeServer edge;

    @BeforeAll
    static void start() throws Exception {
        net = OriginAndEdge.start(FetchTimingTest::answer, s -> {
            s.originTimeout = Duration.ofSeconds(3);
            s.originResponseTimeout = Duration.ofMillis(2500);
        });
        origin = net.origin;
        edge = net.edge;
    }

    static void answer(RawOrigin.Request r, RawOrigin.Reply reply) throws IOException, InterruptedException {
        String path = r.target().replaceAll("\\?.*", "");
        switch (path) {
            case "/slow" -> {
                Thread.sleep(1500); // longer than a short coalescing wait, within the origin timeouts
                reply.ok("slow body", "Cache-Control: max-age=60");
            }
            case "/trickle" -> {
                reply.raw("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nContent-Length: 100\r\n\r\n");
                for (int i = 0; i < 100; i++) {
                    reply.raw("x"); // a byte every 100 ms: never silent for the 3 s timeout, but 10 s for the whole body
                    Thread.sleep(100);
                }
            }
            case "/vary" -> {
                String lang = r.header("Accept-Language");
                reply.ok("lang=" + lang + " #" + origin.requests().size(), "Cache-Control: max-age=1, stale-while-revalidate=600",
                        "Vary: Accept-Language");
            }
            default -> reply.ok("plain", "Cache-Control: max-age=60");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        net.close();
    }


    @Test
    void fortyConcurrentMissesOnASlowOriginMakeOneFetch() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return TestEdge.get(edge, "/slow");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals("slow body", r.body());
        }
        assertEquals(1, net.fetches("/slow"), "the waiters waited for the leader's fetch");
    }

    @Test
    void aTricklingOriginIsCutOffByTheResponseTimeoutAndNothingIsStored() throws Exception {
        for (int attempt = 0; attempt < 2; attempt++) {
            long start = System.nanoTime();
            try (RawClient c = new RawClient(edge.port())) {
                c.send("GET /trickle HTTP/1.1\r\nHost: x\r\n\r\n");
                try {
                    RawClient.Response r = c.read();
                    assertEquals(504, r.status(), "a timeout before anything was sent");
                } catch (IOException cut) {
                    assertTrue(cut.getMessage().contains("cut short"), cut.getMessage());
                }
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 8000, "the client was let go after the 2.5 s response timeout, not 10 s: " + ms + " ms");
        }
        assertEquals(2, net.fetches("/trickle"), "the cut response was not stored");
    }

    @Test
    void aBackgroundRefreshAsksForTheVariantItRefreshes() throws Exception {
        String firstFr = TestEdge.get(edge, "/vary", "Accept-Language", "fr").body();
        assertEquals("lang=fr", firstFr.replaceAll(" #.*", ""));
        assertEquals("lang=en", TestEdge.get(edge, "/vary", "Accept-Language", "en").body().replaceAll(" #.*", ""));
        long before = net.fetches("/vary");
        TestEdge.await("the fr variant going stale and being refreshed", Duration.ofSeconds(10), () -> {
            try {
                HttpResponse<String> r = TestEdge.get(edge, "/vary", "Accept-Language", "fr");
                assertTrue(r.body().startsWith("lang=fr"), r.body());
                return net.fetches("/vary") > before;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        RawOrigin.Request refresh = origin.requests().stream().filter(r -> r.target().equals("/vary")).toList().get((int) before);
        assertEquals("fr", refresh.header("Accept-Language"), "the refresh carries the header the variant was selected by");
        TestEdge.await("the refreshed fr variant stored", Duration.ofSeconds(5), () -> {
            try {
                String now = TestEdge.get(edge, "/vary", "Accept-Language", "fr").body();
                assertTrue(now.startsWith("lang=fr"), "never another variant's body: " + now);
                return !now.equals(firstFr);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(TestEdge.get(edge, "/vary", "Accept-Language", "en").body().startsWith("lang=en"), "the other variant is untouched");
    }
}
