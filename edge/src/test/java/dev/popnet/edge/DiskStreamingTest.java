package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.edge.store.DiskConfig;
import dev.popnet.edge.wire.RawOrigin;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large object in the disk tier is sent from its file: whole or a range, without being read into the
 * heap; its checksum is checked (in chunks) the first time it is served after a start, and a corrupt one
 * is a miss.
 */
class DiskStreamingTest {
    private static final int SIZE = 20 << 20;
    private static final byte[] BODY = OffHeapStoreTest.body("/large", SIZE).getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;

    private EdgeServer edge(Vertx vertx, RawOrigin origin) throws Exception {
        return TestEdge.start(vertx, origin.url(), s -> {
            s.capacity = 4L << 20; // the memory tier cannot hold it: hits come from disk
            s.maxObjectSize = 32L << 20;
            s.originResponseTimeout = java.time.Duration.ofSeconds(60); // 20 MiB through a loaded machine
            s.disk = new DiskConfig(dir.toString(), 64L << 20, "lru", "through");
        });
    }

    /** Heap bytes the edge's event loops allocate while {@code run} runs. */
    private static long eventLoopAllocations(ThrowingRunnable run) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("vert.x-eventloop"))
                .mapToLong(Thread::getId).toArray();
        long before = Arrays.stream(threads.getThreadAllocatedBytes(ids)).sum();
        run.run();
        return Arrays.stream(threads.getThreadAllocatedBytes(ids)).sum() - before;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aLargeObjectIsSentFromItsFileWholeAndInRangesWithoutFillingTheHeap() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (RawOrigin origin = RawOrigin.start((r, reply) -> reply.raw(("HTTP/1.1 200 OK\r\nCache-Control: max-age=600\r\nContent-Length: "
                + SIZE + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)).raw(BODY))) {
            EdgeServer edge = edge(vertx, origin);
            assertEquals(SIZE, get(edge.port(), "").body.length, "the miss");
            edge.store().disk().flush();
            assertEquals(1, edge.store().disk().count(), "written through to disk");
            assertEquals(0, edge.store().count(), "too large for the memory tier");

            Answer[] hit = new Answer[1];
            long allocated = eventLoopAllocations(() -> hit[0] = get(edge.port(), ""));
            assertTrue(hit[0].head.contains("hit"), hit[0].head);
            assertArrayEquals(BODY, hit[0].body, "every byte from the file");
            assertTrue(allocated < SIZE / 4, "the event loops allocated " + allocated + " heap bytes to send " + SIZE + " from disk");

            Answer part = get(edge.port(), "Range: bytes=10000000-10000099\r\n");
            assertTrue(part.head.startsWith("http/1.1 206") && part.head.contains("content-range: bytes 10000000-10000099/" + SIZE), part.head);
            assertArrayEquals(Arrays.copyOfRange(BODY, 10_000_000, 10_000_100), part.body);
            Answer tail = get(edge.port(), "Range: bytes=-10\r\n");
            assertArrayEquals(Arrays.copyOfRange(BODY, SIZE - 10, SIZE), tail.body);
            assertEquals(1, origin.requests().size(), "all of them from disk");
            edge.close().await(10, TimeUnit.SECONDS);

            // After a restart the file is checked once, in chunks: one corrupt byte deep in the body makes it a miss.
            Path file;
            try (Stream<Path> files = Files.walk(dir)) {
                file = files.filter(f -> f.toString().endsWith(".obj")).findFirst().orElseThrow();
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {'#'}), Files.size(file) - 1_000_000);
            }
            EdgeServer again = edge(vertx, origin);
            Answer afterCorruption = get(again.port(), "");
            assertTrue(!afterCorruption.head.contains("; hit"), "a corrupt file is never served: " + afterCorruption.head);
            assertArrayEquals(BODY, afterCorruption.body);
            assertEquals(2, origin.requests().size(), "fetched again");
            again.close().await(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    record Answer(String head, byte[] body) {
    }

    /** A GET of /large with a fixed Host; the head is lowercased. */
    private static Answer get(int port, String extraHeaders) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET /large HTTP/1.1\r\nHost: cdn.test\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new java.io.EOFException("closed in the head");
                }
                head.write(b);
            }
            String h = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            String length = h.lines().filter(l -> l.startsWith("content-length:")).findFirst().orElseThrow();
            return new Answer(h, in.readNBytes(Integer.parseInt(length.substring(15).strip())));
        }
    }
}
