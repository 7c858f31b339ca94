package dev.popnet.edge;

import dev.popnet.core.http.CacheRules;
import dev.popnet.core.http.HeaderList;
import dev.popnet.core.http.Headers;
import dev.popnet.core.time.Ticker;
import dev.popnet.edge.cluster.PurgeRequest;
import dev.popnet.edge.store.DiskConfig;
import dev.popnet.edge.store.DiskTier;
import dev.popnet.edge.store.FileBody;
import dev.popnet.edge.store.MemoryTier;
import dev.popnet.edge.store.OffHeap;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The edge's store: stored responses by primary key and Vary variant (§4.1) in a memory tier, and
 * optionally a disk tier under it, each bounded by bytes through an
 * {@link dev.popnet.core.cache.EvictionPolicy} (the Caffeine library by default in memory), the same
 * policies the simulator runs. Both tiers are sharded by key ({@link MemoryTier}) and purge through
 * indexes. With the disk tier, objects go to disk as they are stored (write-through) or as memory evicts
 * them (demote); a memory miss that the disk holds is read back, checked, and promoted to memory.
 * Memory-tier bodies live in direct memory ({@link OffHeap}), one reference held per stored object.
 */
final class EdgeStore implements AutoCloseable {
    private final MemoryTier<StoredObject> memory;
    private final DiskTier<StoredObject> disk;
    private final boolean writeThrough;

    EdgeStore(EdgeConfig config, Ticker ticker) {
        this(config.policy(), config.capacity(), MemoryTier.shardsFor(config.capacity(), config.maxObjectSize()), ticker, config.disk(),
                config.maxObjectSize(), config.heuristicCap().toSeconds());
    }

    EdgeStore(String policyName, long capacity, Ticker ticker) {
        this(policyName, capacity, 1, ticker, DiskConfig.defaults(), capacity, 0);
    }

    private EdgeStore(String policyName, long capacity, int shards, Ticker ticker, DiskConfig diskConfig, long maxObjectSize,
            long heuristicCapSeconds) {
        MemoryTier.checkFits(capacity, OffHeap.maxDirectMemory(), OffHeap.physicalMemory());
        this.writeThrough = diskConfig.writeThrough();
        this.disk = diskConfig.enabled() ? DiskTier.open(diskConfig, maxObjectSize, new Codec(heuristicCapSeconds), ticker) : null;
        Consumer<StoredObject> demote = disk == null || writeThrough ? o -> { } : o -> {
            StoredObject onHeap = o.onHeap();
            if (onHeap != null) {
                disk.write(onHeap);
            }
        };
        this.memory = new MemoryTier<>(policyName, capacity, shards, ticker, StoredObject::expired, o -> {
            demote.accept(o);
            OffHeap.release(o.bytes());
        }, o -> OffHeap.release(o.bytes()));
    }

    /**
     * The stored variant in memory that matches the request's Vary headers (§4.1), counted as an access;
     * or null. Never touches the disk. A body from memory stays readable at least until the running
     * event-loop task ends, however soon another thread evicts it, so the hit can take its own reference
     * for the send.
     */
    StoredObject inMemory(String primaryKey, Headers request) {
        return memory.lookup(primaryKey, vary -> CacheRules.varyKey(vary, request), EdgeStore::holdForThisTask);
    }

    /** Whether the disk tier may hold the key (an index look-up, no I/O): worth a {@link #fromDisk}. */
    boolean onDisk(String primaryKey) {
        return disk != null && disk.holds(primaryKey);
    }

    /**
     * The variant the disk tier holds for the request, read on the tier's reader threads (never on an
     * event loop) and promoted to memory there; the future completes on the caller's context, with null
     * for a miss. The object's body is on the heap, or left in its file when large.
     */
    Future<StoredObject> fromDisk(String primaryKey, Headers request) {
        Promise<StoredObject> found = Vertx.currentContext() instanceof ContextInternal context ? context.promise() : Promise.promise();
        disk.readLater(primaryKey, vary -> CacheRules.varyKey(vary, request)).whenComplete((o, failure) -> {
            if (o != null) {
                promote(o);
            }
            found.complete(o);
        });
        return found.future();
    }

    private void promote(StoredObject fromDisk) {
        if (fromDisk.file() == null && putInMemory(fromDisk) && !writeThrough) { // a large body stays in its file, sent from there
            disk.forget(fromDisk.primaryKey()); // promoted: in demote mode each object is in one tier, and goes down again when evicted
        }
    }

    /**
     * Takes a reference to a stored object's direct bytes for work that outlives the running task (a
     * revalidation reads its head again when the answer comes, and may serve it stale); returns what
     * gives it back. Nothing to hold for bytes on the heap.
     */
    Runnable holdUntilDone(StoredObject o) {
        if (OffHeap.holds(o.bytes()) && OffHeap.retain(o.bytes())) {
            return () -> OffHeap.release(o.bytes());
        }
        return () -> { };
    }

    private static void holdForThisTask(StoredObject o) {
        if (Vertx.currentContext() instanceof ContextInternal context && context.isEventLoopContext() && OffHeap.retain(o.bytes())) {
            context.nettyEventLoop().execute(() -> OffHeap.release(o.bytes()));
        }
    }

    /**
     * Stores (or replaces) a variant; returns false when the policy declines it. A response whose Vary
     * differs from the stored ones replaces them all: lookups would never select them again.
     */
    boolean put(StoredObject o) {
        if (o.file() != null) { // freshened after a read from disk: stored again as a whole
            o = o.onHeap();
            if (o == null) {
                return false;
            }
        }
        if (disk != null && writeThrough) {
            StoredObject onHeap = o.onHeap();
            if (onHeap == null) {
                return false;
            }
            putInMemory(o);
            disk.write(onHeap);
            return true;
        }
        boolean stored = putInMemory(o);
        if (disk != null) {
            disk.forget(o.primaryKey()); // older versions; this one goes down when memory evicts it
        }
        return stored;
    }

    /**
     * As {@link #put}, for a response whose body has just arrived ({@code template} holds its head alone):
     * without a disk tier, which needs them joined on the heap, head and body are copied to direct memory
     * side by side, in one copy as a body was before it had a head in front of it.
     */
    boolean putWithBody(StoredObject template, Buffer body) {
        if (disk != null) {
            return put(template.withBody(body));
        }
        if (template.weight() + body.length() > memory.capacity() / memory.shards()) {
            return false; // larger than a shard holds: not worth a copy the policy would turn down
        }
        return putHeld(template.withBytes(OffHeap.copyOf(template.bytes(), body)));
    }

    /**
     * The memory tier keeps its own reference to each object's bytes (head and body) it holds: heap bytes
     * are copied to direct memory once, here; direct ones (a soft-purged copy shares its predecessor's) get
     * one more reference. False when declined, or when the shared body was freed meanwhile.
     */
    private boolean putInMemory(StoredObject o) {
        if (o.weight() > memory.capacity() / memory.shards()) {
            return false; // larger than a shard holds: not worth a copy the policy would turn down
        }
        StoredObject held = o;
        if (!OffHeap.holds(o.bytes())) {
            held = o.withBytes(OffHeap.copyOf(o.bytes()));
        } else if (!OffHeap.retain(o.bytes())) {
            return false;
        }
        return putHeld(held);
    }

    /** Stores an object whose direct bytes' reference the tier takes over; gives it back when declined. */
    private boolean putHeld(StoredObject held) {
        if (memory.put(held)) {
            return true;
        }
        OffHeap.release(held.bytes());
        return false;
    }

    /** Every variant of one primary key in every tier (§4.4 invalidation); returns how many objects went. */
    int purgeKey(String primaryKey) {
        return counted(memory.purgeKey(primaryKey, false), disk == null ? 0 : disk.purgeKey(primaryKey, false));
    }

    /** A purge request in every tier, limited to the keys {@code keys} accepts (a site's); soft ones leave the objects stale. */
    int purge(PurgeRequest what, Predicate<String> keys) {
        boolean soft = what.soft();
        String v = what.value();
        return switch (what.kind()) {
            case URL -> counted(memory.purgeUrl(v, keys, soft), disk == null ? 0 : disk.purgeUrl(v, keys, soft));
            case PREFIX -> counted(memory.purgePrefix(v, keys, soft), disk == null ? 0 : disk.purgePrefix(v, keys, soft));
            case SURROGATE_KEY -> counted(memory.purgeSurrogateKey(v, keys, soft), disk == null ? 0 : disk.purgeSurrogateKey(v, keys, soft));
        };
    }

    /** Objects purged, each once: written through, the disk holds what memory does; demoted, the tiers hold different ones. */
    private int counted(int inMemory, int onDisk) {
        return writeThrough ? Math.max(inMemory, onDisk) : inMemory + onDisk;
    }

    long bytes() {
        return memory.bytes();
    }

    /** Direct memory held by bodies: the memory tier's, and those of evicted objects still being sent. */
    long offHeapBytes() {
        return OffHeap.usedBytes();
    }

    int count() {
        return memory.count();
    }

    /** Primary keys the Vary index holds (never more than the objects stored). */
    int indexedKeys() {
        return memory.indexedKeys();
    }

    /** Entries of the memory tier's purge indexes: keys by path, and surrogate keys. */
    int purgeIndexEntries() {
        return memory.index().size() + memory.index().tags();
    }

    int shards() {
        return memory.shards();
    }

    /** The disk tier, or null when there is none. */
    DiskTier<StoredObject> disk() {
        return disk;
    }

    long evictions() {
        return memory.evictions();
    }

    long capacity() {
        return memory.capacity();
    }

    String policyName() {
        return memory.policyName();
    }

    void checkInvariants() {
        memory.checkInvariants();
        if (disk != null) {
            disk.checkInvariants();
        }
    }

    /** Frees the memory tier's bodies (sends still under way keep theirs until written) and closes the disk tier. */
    @Override
    public void close() {
        memory.releaseAll();
        if (disk != null) {
            disk.close();
        }
    }

    /** A stored response on disk: its keys, status, times and header fields; the body as it is. */
    private record Codec(long heuristicCapSeconds) implements DiskTier.Codec<StoredObject> {
        @Override
        public byte[] head(StoredObject o) {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeUTF(o.primaryKey());
                out.writeUTF(o.varyKey());
                out.writeInt(o.status());
                out.writeLong(o.requestTime());
                out.writeLong(o.responseTime());
                out.writeInt(o.headers().fields().size());
                for (HeaderList.Field f : o.headers().fields()) {
                    out.writeUTF(f.name());
                    out.writeUTF(f.value());
                }
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public byte[] body(StoredObject o) {
            return o.bodyArray();
        }

        @Override
        public StoredObject decode(byte[] head, FileBody body, boolean stale) {
            return decode(head, new byte[0], stale).withFile(body);
        }

        @Override
        public StoredObject decode(byte[] head, byte[] body, boolean stale) {
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(head));
                String primaryKey = in.readUTF();
                String varyKey = in.readUTF();
                int status = in.readInt();
                long requestTime = in.readLong();
                long responseTime = in.readLong();
                int n = in.readInt();
                List<HeaderList.Field> fields = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    fields.add(new HeaderList.Field(in.readUTF(), in.readUTF()));
                }
                StoredObject o = StoredObject.of(primaryKey, varyKey, status, new HeaderList(fields), Buffer.buffer(body), requestTime,
                        responseTime, heuristicCapSeconds);
                return stale ? o.expired() : o;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
