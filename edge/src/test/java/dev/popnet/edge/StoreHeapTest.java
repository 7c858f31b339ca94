package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.http.HeaderList;
import dev.popnet.core.time.Ticker;
import io.vertx.core.buffer.Buffer;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stored object leaves only its key and a few fixed-size records on the Java heap: its header fields
 * live in direct memory with its body, so what a young collection copies for a stored miss does not grow
 * with its fields. Measured as the live heap after full collections, before and after 40,000 objects
 * with eight header fields each are stored (about 1.4 KB each when the fields were kept as strings and
 * the indexes had their own copies of the keys).
 */
class StoreHeapTest {
    private static final int OBJECTS = 40_000;
    /**
     * What one object may keep on the heap: its key (about 100 bytes here), its record, its buffer's wrappers
     * (with a Cleaner, as in this JVM), its index entries and the eviction policy's node; 745 bytes measured.
     */
    private static final long BOUND = 900;

    @Test
    void aStoredObjectKeepsLessThanItsBoundOfTheHeap() {
        Buffer body = Buffer.buffer("x".repeat(1024));
        try (EdgeStore store = new EdgeStore("caffeine", 256L << 20, Ticker.system())) {
            long before = liveHeap();
            for (int i = 0; i < OBJECTS; i++) {
                store.put(StoredObject.of("http://cdn.test/obj/heap-" + i + "?size=1024&ttl=36000", "", 200, headers(i), body, 1000, 1000, 0));
            }
            long after = liveHeap();
            assertEquals(OBJECTS, store.count());
            long perObject = (after - before) / OBJECTS;
            assertTrue(perObject < BOUND, perObject + " bytes of heap per stored object, bound " + BOUND);
        }
    }

    /** Fields as an origin sends them, some the same from object to object and some of each object's own. */
    private static HeaderList headers(int i) {
        return new HeaderList(List.of(new HeaderList.Field("Content-Type", "application/octet-stream"),
                new HeaderList.Field("Cache-Control", "max-age=36000"), new HeaderList.Field("ETag", "\"" + Integer.toHexString(i * 31) + "-v1\""),
                new HeaderList.Field("Last-Modified", "Wed, 02 Dec 2026 15:" + (i % 60 < 10 ? "0" : "") + i % 60 + ":00 GMT"),
                new HeaderList.Field("Date", "Wed, 02 Dec 2026 16:00:00 GMT"), new HeaderList.Field("Accept-Ranges", "bytes"),
                new HeaderList.Field("X-Request-Id", "req-" + i + "-" + Long.toHexString(i * 0x9E3779B97F4A7C15L)),
                new HeaderList.Field("Server", "popnet-origin")));
    }

    /** Heap in use after full collections (System.gc() runs one in G1, the test JVM's collector): what is still referenced. */
    private static long liveHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
