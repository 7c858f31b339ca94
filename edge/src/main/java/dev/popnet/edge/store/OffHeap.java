package dev.popnet.edge.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.internal.PlatformDependent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Bodies of the memory tier in direct memory (each behind its object's serialised header fields), off the
 * Java heap: a cache of many gigabytes needs neither a heap of that size nor GC pauses that grow with it,
 * and the socket is written straight from the stored bytes (a heap buffer is copied to direct memory on
 * every write).
 *
 * <p>Each body is reference-counted. The tier holds one reference per stored object and gives it back
 * when the object leaves (evicted, replaced, purged); every send takes its own and gives it back once the
 * bytes are written, so an object evicted during a send stays readable until that send is done, and the
 * memory is freed at once when the last reference goes. A body whose memory is gone can no longer be
 * referenced ({@link #retain} says false): its bytes are never read after they were freed.
 */
public final class OffHeap {
    /**
     * The tier's own allocator (exact sizes, freed on release), so its metric counts stored bodies and sends of them only.
     * It makes its buffers without a Cleaner where the JVM lets Netty (java.nio opened to it and
     * -Dio.netty.tryReflectionSetAccessible=true, as the launcher runs an edge): each stored object then leaves
     * about 70 bytes less on the heap, and no phantom reference for every collection to process.
     */
    private static final UnpooledByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(true, true, true);
    /** Direct memory kept beside the memory tier's capacity: network buffers, and bodies still being sent after eviction. */
    public static final long RESERVE = 64L << 20;

    private OffHeap() {
    }

    /** A copy of {@code body} in direct memory, with one reference, which the caller owns. */
    public static Buffer copyOf(Buffer body) {
        ByteBuf heap = ((BufferInternal) body).getByteBuf();
        ByteBuf direct = ALLOCATOR.directBuffer(heap.readableBytes(), heap.readableBytes());
        direct.writeBytes(heap, heap.readerIndex(), heap.readableBytes());
        return BufferInternal.buffer(direct);
    }

    /** A copy of {@code head} followed by {@code body} in direct memory, with one reference, which the caller owns. */
    public static Buffer copyOf(Buffer head, Buffer body) {
        ByteBuf h = ((BufferInternal) head).getByteBuf();
        ByteBuf b = ((BufferInternal) body).getByteBuf();
        int length = h.readableBytes() + b.readableBytes();
        ByteBuf direct = ALLOCATOR.directBuffer(length, length);
        direct.writeBytes(h, h.readerIndex(), h.readableBytes()).writeBytes(b, b.readerIndex(), b.readableBytes());
        return BufferInternal.buffer(direct);
    }

    /** Whether this body lives in the tier's direct memory (else it is an ordinary heap buffer). */
    public static boolean holds(Buffer body) {
        return body instanceof BufferInternal b && b.unwrap().alloc() == ALLOCATOR;
    }

    /** Takes one more reference to a direct body; false when its memory is already gone. */
    public static boolean retain(Buffer body) {
        try {
            ((BufferInternal) body).unwrap().retain();
            return true;
        } catch (IllegalReferenceCountException gone) {
            return false;
        }
    }

    /** Gives one reference back; the memory is freed with the last. */
    public static void release(Buffer body) {
        ((BufferInternal) body).unwrap().release();
    }

    /**
     * Bytes {@code [from, from + length)} of a direct body with a reference of their own, for one send
     * (release it when the write is done); null when the body's memory is already gone.
     */
    public static ByteBuf retainedSlice(Buffer body, int from, int length) {
        try {
            return ((BufferInternal) body).unwrap().retainedSlice(from, length);
        } catch (IllegalReferenceCountException gone) {
            return null;
        }
    }

    /** Direct memory held by stored bodies and by sends of evicted ones, in this JVM. */
    public static long usedBytes() {
        return ALLOCATOR.metric().usedDirectMemory();
    }

    /** The machine's RAM in bytes, or 0 when the JVM cannot tell. */
    public static long physicalMemory() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : 0;
    }

    /** The JVM's direct-memory limit (-XX:MaxDirectMemorySize; by default the maximum heap). */
    public static long maxDirectMemory() {
        return PlatformDependent.estimateMaxDirectMemory();
    }
}
