package dev.popnet.origin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The test JVM runs with a small heap (see the pom), so an object several times that size must stream. */
class LargeObjectStreamingTest {
    private static final long SIZE = 768L * 1024 * 1024;

    @Test
    void objectLargerThanTheHeapStreamsByteForByte() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(SIZE > 2 * maxHeap, "heap " + maxHeap + " must be well under the object size");
        Vertx vertx = Vertx.vertx();
        OriginServer origin = OriginServer.start(vertx, OriginConfig.defaults().withPort(0)).await(10, TimeUnit.SECONDS);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + origin.port() + "/obj/big?size=" + SIZE)).build();
            HttpResponse<InputStream> response = OriginTestSupport.CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            assertEquals(String.valueOf(SIZE), response.headers().firstValue("Content-Length").orElseThrow());
            long seed = SyntheticObject.seed(SyntheticObject.idOf("big"), 0, null);
            long total = 0;
            byte[] buf = new byte[1 << 16];
            try (InputStream in = response.body()) {
                int n;
                while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                    if (total % (64L << 20) == 0) {
                        assertArrayEquals(SyntheticObject.bytes(seed, total, n), java.util.Arrays.copyOf(buf, n), "bytes at " + total);
                    }
                    total += n;
                }
            }
            assertEquals(SIZE, total);
        } finally {
            origin.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
