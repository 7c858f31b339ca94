package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.edge.wire.RawClient;
import dev.popnet.edge.wire.RawOrigin;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The memory tier keeps bodies in direct memory, bounded by its capacity, and sends them whole even when evicted mid-send. */
class OffHeapStoreTest {
    /** A body in which every 8-byte line names its own offset, so a truncated, shifted or reused byte shows. */
    static String body(String name, int size) {
        StringBuilder b = new StringBuilder(size + 16);
        String tag = Integer.toString(Math.floorMod(name.hashCode(), 1000));
        for (int line = 0; b.length() < size; line++) {
            b.append(tag).append(':').append(line).append('\n');
        }
        return b.substring(0, size);
    }

    static long directPoolBytes() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream().filter(p -> p.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    @Test
    void directMemoryStaysBoundedWhileTenTimesTheCapacityStreamsThrough() throws Exception {
        int size = 256 << 10;
        long capacity = 2L << 20;
        Vertx vertx = Vertx.vertx();
        try (RawOrigin origin = RawOrigin.start((r, reply) -> reply.ok(body(r.target(), size), "Cache-Control: max-age=600"))) {
            EdgeServer edge = TestEdge.start(vertx, origin.url(), s -> s.capacity = capacity);
            EdgeStore store = edge.store();
            long tierBefore = store.offHeapBytes();
            long poolBefore = directPoolBytes();
            long tierPeak = 0;
            long poolPeak = 0;
            int objects = (int) (10 * capacity / size);
            try (RawClient c = new RawClient(edge.port())) {
                for (int i = 0; i < objects; i++) {
                    String path = "/stream/" + i;
                    c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
                    RawClient.Response r = c.read();
                    assertEquals(200, r.status());
                    assertEquals(body(path, size), r.text());
                    tierPeak = Math.max(tierPeak, store.offHeapBytes() - tierBefore);
                    poolPeak = Math.max(poolPeak, directPoolBytes() - poolBefore);
                }
                String last = "/stream/" + (objects - 1);
                c.send("GET " + last + " HTTP/1.1\r\nHost: x\r\n\r\n");
                RawClient.Response hit = c.read();
                assertTrue(hit.header("Cache-Status").contains("hit"), hit.header("Cache-Status"));
                assertEquals(body(last, size), hit.text(), "a hit sends the stored direct bytes");
            }
            edge.checkInvariants();
            assertTrue(store.evictions() >= objects - capacity / size, "evicted: " + store.evictions());
            // A send still being written holds its body a moment after eviction: at most a couple of objects beyond the bound.
            assertTrue(tierPeak <= capacity + 2L * size, "bodies held at most " + tierPeak + " bytes of direct memory, capacity " + capacity);
            assertTrue(store.offHeapBytes() - tierBefore >= store.bytes() / 2,
                    "bodies live in direct memory: " + (store.offHeapBytes() - tierBefore) + " of " + store.bytes() + " stored bytes");
            assertTrue(poolPeak <= capacity + (16L << 20), "the JVM's direct buffer pool grew by " + poolPeak + " bytes");
            edge.close().await(10, TimeUnit.SECONDS);
            assertTrue(store.offHeapBytes() <= tierBefore, "closing the store frees its bodies: " + store.offHeapBytes());
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBodyEvictedWhileItIsBeingSentArrivesWholeAndIsFreedAfter() throws Exception {
        int big = 7 << 20; // more than the edge's socket send buffer takes (tcp_wmem: at most 4 MiB), so the send cannot finish unread
        int small = 256 << 10;
        long capacity = 8L << 20;
        Vertx vertx = Vertx.vertx();
        String bigBody = body("/big", big);
        try (RawOrigin origin = RawOrigin.start((r, reply) -> reply.ok(r.target().equals("/big") ? bigBody : body(r.target(), small),
                "Cache-Control: max-age=600"))) {
            EdgeServer edge = TestEdge.start(vertx, origin.url(), s -> {
                s.capacity = capacity;
                s.maxObjectSize = 8L << 20;
            });
            EdgeStore store = edge.store();
            try (RawClient c = new RawClient(edge.port())) {
                c.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
                RawClient.Response miss = c.read();
                assertEquals(big, miss.body().length, "the miss stores it: " + miss.status() + " " + miss.header("Cache-Status"));
            }
            try (Socket slow = new Socket(); RawClient other = new RawClient(edge.port())) {
                slow.setReceiveBufferSize(64 << 10);
                slow.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), edge.port()), 5000);
                slow.setSoTimeout(20_000);
                slow.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                TestEdge.await("the hit on /big to start arriving", Duration.ofSeconds(20), () -> available(slow) > 0);
                for (int i = 0; i < 2 * capacity / small; i++) {
                    other.send("GET /evict/" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertEquals(200, other.read().status());
                }
                assertTrue(store.bytes() < capacity && store.offHeapBytes() > capacity,
                        "/big is evicted but its send still holds it, beyond what the tier may hold: " + store.offHeapBytes() + " direct, " + store.bytes() + " stored");
                byte[] received = readResponseBody(slow.getInputStream());
                assertArrayEquals(bigBody.getBytes(StandardCharsets.ISO_8859_1), received, "every byte as stored");
            }
            TestEdge.await("the sent body is freed", Duration.ofSeconds(20), () -> store.offHeapBytes() <= capacity);
            edge.checkInvariants();
            edge.close().await(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static int available(Socket s) {
        try {
            return s.getInputStream().available();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] readResponseBody(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("closed in the head");
            }
            head.write(b);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        assertTrue(h.startsWith("HTTP/1.1 200"), h);
        String lengthLine = h.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")).findFirst().orElseThrow();
        byte[] body = in.readNBytes(Integer.parseInt(lengthLine.substring(15).strip()));
        return body;
    }
}
