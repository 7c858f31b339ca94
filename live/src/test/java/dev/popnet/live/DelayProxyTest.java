package dev.popnet.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.origin.OriginConfig;
import dev.popnet.origin.OriginServer;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real sockets on loopback: an origin behind a delay proxy, compared with the origin reached directly. */
class DelayProxyTest {
    private static final Duration ONE_WAY = Duration.ofMillis(50);
    private static final int LARGE = 20_000_000;

    private Vertx vertx;
    private OriginServer origin;

    @BeforeEach
    void startOrigin() throws Exception {
        vertx = Vertx.vertx();
        origin = OriginServer.start(vertx, OriginConfig.defaults().withPort(0)).await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        origin.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void freshConnectionPaysBothLegsAndGetsTheSameBody() throws Exception {
        DelayProxy proxy = startProxy(origin.port(), ONE_WAY);
        String path = "/obj/same?size=100000&ttl=60";
        HttpResponse<byte[]> direct = get(newClient(), origin.port(), path);

        long start = System.nanoTime();
        HttpResponse<byte[]> delayed = get(newClient(), proxy.port(), path);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(200, delayed.statusCode());
        assertEquals(100_000, delayed.body().length);
        assertArrayEquals(direct.body(), delayed.body());
        assertTrue(elapsedMs >= 100, "request and response legs should take at least 2 x 50 ms, took " + elapsedMs + " ms");
        assertTrue(elapsedMs < 5_000, "took " + elapsedMs + " ms");
        proxy.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void largeBodyArrivesIntactWithKeepAliveAndWithClose() throws Exception {
        DelayProxy proxy = startProxy(origin.port(), ONE_WAY);
        String path = "/obj/large?size=" + LARGE;
        byte[] expected = largeBodyDigest(newClient().send(request(origin.port(), path), HttpResponse.BodyHandlers.ofInputStream()).body());

        HttpResponse<InputStream> kept = newClient().send(request(proxy.port(), path), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, kept.statusCode());
        assertArrayEquals(expected, largeBodyDigest(kept.body()));

        // The origin closes after answering; the proxy must hand on every byte before closing the client.
        try (Socket socket = new Socket(proxy.host(), proxy.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: origin\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.toLowerCase().contains("content-length: " + LARGE), head);
            assertArrayEquals(expected, largeBodyDigest(in));
        }
        proxy.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void concurrentConnectionsAreDelayedSideBySideNotOneAfterAnother() throws Exception {
        DelayProxy proxy = startProxy(origin.port(), ONE_WAY);
        HttpClient client = newClient();
        assertEquals(200, get(client, proxy.port(), "/obj/warm-up?size=1000").statusCode());

        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<byte[]>>> responses = IntStream.range(0, 20)
                .mapToObj(i -> client.sendAsync(request(proxy.port(), "/obj/c" + i + "?size=10000"), HttpResponse.BodyHandlers.ofByteArray()))
                .toList();
        for (CompletableFuture<HttpResponse<byte[]>> response : responses) {
            HttpResponse<byte[]> r = response.get(10, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals(10_000, r.body().length);
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= 100, "took " + elapsedMs + " ms");
        assertTrue(elapsedMs < 1_500, "20 requests in parallel should take about one round trip, took " + elapsedMs + " ms");
        proxy.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void deadTargetClosesClientConnectionsAndTheProxyRecovers() throws Exception {
        int deadPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            deadPort = probe.getLocalPort();
        }
        DelayProxy proxy = startProxy(deadPort, ONE_WAY);
        for (int attempt = 0; attempt < 3; attempt++) {
            long start = System.nanoTime();
            try (Socket socket = new Socket(proxy.host(), proxy.port())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: origin\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(-1, socket.getInputStream().read(), "the client should see the connection closed");
            } catch (SocketException reset) {
                // a reset is as good as a close: the path is dead
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs < 2_000, "a dead target should be reported promptly, took " + elapsedMs + " ms");
        }

        // Once something listens on the target port, the same proxy forwards to it.
        OriginServer revived = OriginServer.start(vertx, OriginConfig.defaults().withPort(deadPort)).await(10, TimeUnit.SECONDS);
        try {
            HttpResponse<byte[]> response = get(newClient(), proxy.port(), "/obj/revived?size=5000");
            assertEquals(200, response.statusCode());
            assertEquals(5000, response.body().length);
        } finally {
            revived.close().await(10, TimeUnit.SECONDS);
            proxy.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void zeroDelayForwardsUnchanged() throws Exception {
        DelayProxy proxy = startProxy(origin.port(), Duration.ZERO);
        HttpClient client = newClient();
        for (String path : List.of("/obj/z1?size=1", "/obj/z2?size=3000000&ttl=5")) {
            HttpResponse<byte[]> direct = get(client, origin.port(), path);
            HttpResponse<byte[]> proxied = get(client, proxy.port(), path);
            assertEquals(200, proxied.statusCode());
            assertArrayEquals(direct.body(), proxied.body());
        }
        proxy.close().await(10, TimeUnit.SECONDS);
    }

    private DelayProxy startProxy(int targetPort, Duration oneWay) throws Exception {
        return DelayProxy.start(vertx, "127.0.0.1", "127.0.0.1", targetPort, oneWay).await(10, TimeUnit.SECONDS);
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build();
    }

    private static HttpResponse<byte[]> get(HttpClient client, int port, String path) throws IOException, InterruptedException {
        return client.send(request(port, path), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] largeBodyDigest(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (in) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) != -1) {
                digest.update(buf, 0, n);
                total += n;
            }
        }
        assertEquals(LARGE, total, "body length");
        return digest.digest();
    }
}
