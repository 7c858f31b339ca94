package dev.popnet.edge.store;

import dev.popnet.core.time.Ticker;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.logging.Logger;

/**
 * The disk tier: one file per stored object under {@code dir/<2 hex digits>/}, bounded by bytes through
 * a registered eviction policy. Its index lives in memory (a {@link MemoryTier} of {@link DiskEntry}: the
 * same shards, policies and purge indexes as the memory tier) and is not persisted: at start it is rebuilt
 * by reading the head of every file, in parallel, oldest first, so a restart (even after {@code kill -9})
 * finds what was stored. Files are written by one background thread to a temporary name and renamed into
 * place, and each carries a CRC32C of its contents: a file that is torn, corrupt or gone is a miss and is
 * removed, never bytes to a client. When the disk fails (full, read-only, gone) the tier turns itself off
 * with a logged reason and the edge carries on from memory.
 *
 * <p>File layout: magic, meta length, head length, body length, CRC32C (of what follows), then the meta
 * (primary key, vary key, Vary, surrogate keys), the {@link Codec}'s head and the body.
 */
public final class DiskTier<V extends Storable> implements AutoCloseable {
    /** Turns stored objects into a head and a body and back. */
    public interface Codec<V> {
        byte[] head(V o);

        byte[] body(V o);

        /** @param stale a soft purge marked it: the result must be stale */
        V decode(byte[] head, byte[] body, boolean stale);

        /** As {@link #decode(byte[], byte[], boolean)}, with a large body left in its file, to be sent from there. */
        V decode(byte[] head, FileBody body, boolean stale);
    }

    private static final Logger LOG = Logger.getLogger("dev.popnet.edge");
    private static final int MAGIC = 0x504f5044; // "POPD"
    private static final int PREFIX = 24;
    private static final String SUFFIX = ".obj";
    private final Path dir;
    private final Codec<V> codec;
    private final MemoryTier<DiskEntry> index;
    private final ThreadPoolExecutor io;
    /** Reads run here, never on an event loop: a few threads, and a bounded queue past which a read is shed (a miss). */
    private final ThreadPoolExecutor readers;
    private static final int READERS = 4;
    private static final int MAX_QUEUED_READS = 1024;
    private final LongAdder shed = new LongAdder();
    /** Runs before each read on a reader thread: where a test makes the disk slow. */
    private volatile Runnable beforeRead = () -> { };
    private final AtomicLong sequence = new AtomicLong();
    /** Bumped by every purge: a write queued before it must not bring back what it removed. */
    private final Object purgeLock = new Object();
    private long purges;
    private final LongAdder corrupt = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    /** Bytes of objects queued for writing: bounded, so a slow disk cannot make the queue hold the heap. */
    private final AtomicLong pending = new AtomicLong();
    private static final long MAX_PENDING = 64L << 20;
    /** Bodies larger than this are sent from their files, never read into memory whole. */
    public static final long STREAMED_ABOVE = 1L << 20;
    private volatile String disabled;

    private DiskTier(DiskConfig config, long maxObjectSize, Codec<V> codec, Ticker ticker) {
        this.dir = Path.of(config.dir());
        this.codec = codec;
        this.index = new MemoryTier<>(config.policy(), config.capacity(), MemoryTier.shardsFor(config.capacity(), maxObjectSize), ticker,
                DiskEntry::asStale, this::delete, this::delete);
        this.io = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "popnet-disk-tier");
            t.setDaemon(true);
            return t;
        });
        AtomicLong readerThreads = new AtomicLong();
        this.readers = new ThreadPoolExecutor(READERS, READERS, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(MAX_QUEUED_READS), r -> {
            Thread t = new Thread(r, "popnet-disk-read-" + readerThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens the tier and indexes what the directory already holds; a directory that cannot be used leaves the tier off, logged. */
    public static <V extends Storable> DiskTier<V> open(DiskConfig config, long maxObjectSize, Codec<V> codec, Ticker ticker) {
        DiskTier<V> tier = new DiskTier<>(config, maxObjectSize, codec, ticker);
        try {
            Files.createDirectories(tier.dir);
            Path probe = Files.createTempFile(tier.dir, "probe", ".tmp");
            Files.delete(probe);
            tier.rebuild();
        } catch (IOException | UncheckedIOException e) {
            tier.disable("cannot use " + tier.dir + ": " + e);
        }
        return tier;
    }

    private void rebuild() throws IOException {
        long start = System.nanoTime();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir, 2)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        record Found(DiskEntry entry, long modified) {
        }
        List<Found> found = files.parallelStream().map(f -> {
            if (!f.getFileName().toString().endsWith(SUFFIX)) {
                deleteQuietly(f); // a write cut short
                return null;
            }
            try {
                return new Found(readEntry(f), Files.getLastModifiedTime(f).toMillis());
            } catch (IOException e) {
                corrupt.increment();
                deleteQuietly(f);
                return null;
            }
        }).filter(Objects::nonNull).sorted(Comparator.comparingLong(Found::modified)).toList();
        for (Found f : found) {
            if (!index.put(f.entry())) {
                deleteQuietly(f.entry().file());
            }
        }
        LOG.info("disk tier " + dir + ": " + index.count() + " objects, " + index.bytes() + " bytes indexed from " + files.size()
                + " files in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /** Reads a file's fixed prefix and meta only (the CRC is checked when the object is read). */
    private static DiskEntry readEntry(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int metaLength = Prefix.read(ch).metaLength();
            ByteBuffer meta = ByteBuffer.allocate(metaLength);
            readFully(ch, meta);
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(meta.array()));
            String primaryKey = in.readUTF();
            String varyKey = in.readUTF();
            String vary = in.readUTF();
            int tags = in.readInt();
            List<String> surrogateKeys = new ArrayList<>(Math.min(tags, 64));
            for (int i = 0; i < tags; i++) {
                surrogateKeys.add(in.readUTF());
            }
            return new DiskEntry(primaryKey, varyKey, vary, ch.size(), List.copyOf(surrogateKeys), file, false, new AtomicBoolean());
        }
    }

    /** A file's fixed prefix: the lengths of its parts and the CRC32C of everything after it, checked against the file's size. */
    private record Prefix(int metaLength, int headLength, long bodyLength, int crc) {
        static Prefix read(FileChannel ch) throws IOException {
            ByteBuffer prefix = ByteBuffer.allocate(PREFIX);
            readFully(ch, prefix);
            prefix.flip();
            if (prefix.getInt() != MAGIC) {
                throw new IOException("not a disk-tier file");
            }
            Prefix p = new Prefix(prefix.getInt(), prefix.getInt(), prefix.getLong(), prefix.getInt());
            if (p.metaLength < 0 || p.metaLength > 1 << 20 || p.headLength < 0 || p.bodyLength < 0
                    || (long) PREFIX + p.metaLength + p.headLength + p.bodyLength != ch.size()) {
                throw new IOException("torn: lengths do not match the file's size");
            }
            return p;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("torn: file ends early");
            }
        }
    }

    /** Writes an object in the background (dropped when the queue is full or the tier is off). */
    public void write(V o) {
        if (disabled != null) {
            return;
        }
        long weight = o.weight();
        if (pending.addAndGet(weight) > MAX_PENDING) {
            pending.addAndGet(-weight);
            dropped.increment();
            return;
        }
        long generation;
        synchronized (purgeLock) {
            generation = purges;
        }
        try {
            io.execute(() -> {
                try {
                    store(o, generation);
                } finally {
                    pending.addAndGet(-weight);
                }
            });
        } catch (RejectedExecutionException closed) {
            pending.addAndGet(-weight);
        }
    }

    private void store(V o, long generation) {
        if (disabled != null) {
            return;
        }
        try {
            byte[] meta = meta(o);
            byte[] head = codec.head(o);
            byte[] body = codec.body(o);
            CRC32C crc = new CRC32C();
            crc.update(meta);
            crc.update(head);
            crc.update(body);
            ByteBuffer prefix = ByteBuffer.allocate(PREFIX).putInt(MAGIC).putInt(meta.length).putInt(head.length).putLong(body.length)
                    .putInt((int) crc.getValue());
            prefix.flip();
            String name = Long.toHexString(Shard.id(o.primaryKey(), o.varyKey())) + "-" + Long.toHexString(sequence.incrementAndGet());
            Path bucket = dir.resolve(name.substring(0, 2));
            Files.createDirectories(bucket);
            Path tmp = bucket.resolve(name + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer[] parts = {prefix, ByteBuffer.wrap(meta), ByteBuffer.wrap(head), ByteBuffer.wrap(body)};
                long total = PREFIX + meta.length + head.length + body.length;
                long written = 0;
                while (written < total) {
                    written += ch.write(parts);
                }
            }
            Path file = bucket.resolve(name + SUFFIX);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            DiskEntry entry = new DiskEntry(o.primaryKey(), o.varyKey(), o.vary(), PREFIX + meta.length + head.length + body.length,
                    o.surrogateKeys(), file, false, new AtomicBoolean(true));
            synchronized (purgeLock) {
                if (generation != purges || !index.put(entry)) {
                    deleteQuietly(file);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            disable("writing failed: " + e);
        }
    }

    private static byte[] meta(Storable o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(o.primaryKey());
        out.writeUTF(o.varyKey());
        out.writeUTF(o.vary());
        out.writeInt(o.surrogateKeys().size());
        for (String t : o.surrogateKeys()) {
            out.writeUTF(t);
        }
        return bytes.toByteArray();
    }

    /**
     * The stored variant {@code varyKeyFor} selects; or null. A body up to {@link #STREAMED_ABOVE} bytes is
     * read whole and checked on every read; a larger one stays in its file (sent from there, ranges too),
     * its checksum checked in chunks the first time this process reads it. A file that is gone, torn or
     * fails its checksum is removed and is a miss.
     */
    public V read(String primaryKey, Function<String, String> varyKeyFor) {
        if (disabled != null) {
            return null;
        }
        DiskEntry e = index.lookup(primaryKey, varyKeyFor);
        if (e == null) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(e.file(), StandardOpenOption.READ)) {
            Prefix prefix = Prefix.read(ch);
            int metaLength = prefix.metaLength();
            int headLength = prefix.headLength();
            long bodyLength = prefix.bodyLength();
            int expected = prefix.crc();
            long bodyAt = (long) PREFIX + metaLength + headLength;
            if (bodyLength <= STREAMED_ABOVE) {
                ByteBuffer rest = ByteBuffer.allocate((int) (ch.size() - PREFIX));
                readFully(ch, rest);
                byte[] all = rest.array();
                CRC32C crc = new CRC32C();
                crc.update(all);
                if ((int) crc.getValue() != expected) {
                    throw new IOException("checksum mismatch");
                }
                byte[] head = java.util.Arrays.copyOfRange(all, metaLength, metaLength + headLength);
                byte[] body = java.util.Arrays.copyOfRange(all, metaLength + headLength, all.length);
                return codec.decode(head, body, e.stale());
            }
            if (!e.checked().get()) {
                check(ch, expected);
                e.checked().set(true);
            }
            ByteBuffer head = ByteBuffer.allocate(headLength);
            ch.position(PREFIX + metaLength);
            readFully(ch, head);
            return codec.decode(head.array(), new FileBody(e.file(), bodyAt, bodyLength), e.stale());
        } catch (IOException | RuntimeException ex) {
            corrupt.increment();
            LOG.warning("disk tier: " + e.file() + " for " + primaryKey + " is unusable (" + ex + "); removed, served as a miss");
            index.purgeKey(primaryKey, false);
            return null;
        }
    }

    /** Whether the index lists any variant of the key (no I/O, no access counted): whether a {@link #readLater} may find it. */
    public boolean holds(String primaryKey) {
        return disabled == null && index.holds(primaryKey);
    }

    /**
     * {@link #read} on one of the tier's reader threads, so no event loop ever waits on the disk; the
     * future completes there (with null when the readers are too far behind: the read is shed, a miss).
     */
    public CompletableFuture<V> readLater(String primaryKey, Function<String, String> varyKeyFor) {
        CompletableFuture<V> done = new CompletableFuture<>();
        try {
            readers.execute(() -> {
                try {
                    beforeRead.run();
                    done.complete(read(primaryKey, varyKeyFor));
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException full) {
            shed.increment();
            done.complete(null);
        }
        return done;
    }

    /** For tests: runs before each {@link #readLater} read, on the reader thread (a slow or stuck disk). */
    public void beforeEachRead(Runnable hook) {
        beforeRead = hook;
    }

    /** Reads shed because every reader was busy and the queue full. */
    public long shed() {
        return shed.sum();
    }

    /** The CRC32C of everything after the prefix, read in chunks so a large file never sits in memory whole. */
    private static void check(FileChannel ch, int expected) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer chunk = ByteBuffer.allocateDirect(64 << 10);
        ch.position(PREFIX);
        while (ch.read(chunk) >= 0) {
            chunk.flip();
            crc.update(chunk);
            chunk.clear();
        }
        if ((int) crc.getValue() != expected) {
            throw new IOException("checksum mismatch");
        }
    }

    /** Drops every variant of a key that a newer version replaces (unlike a purge, writes under way may still land). */
    public void forget(String primaryKey) {
        index.purgeKey(primaryKey, false);
    }

    public int purgeKey(String primaryKey, boolean soft) {
        bumpPurges();
        return index.purgeKey(primaryKey, soft);
    }

    public int purgeUrl(String primaryKey, Predicate<String> keys, boolean soft) {
        bumpPurges();
        return index.purgeUrl(primaryKey, keys, soft);
    }

    public int purgePrefix(String prefix, Predicate<String> keys, boolean soft) {
        bumpPurges();
        return index.purgePrefix(prefix, keys, soft);
    }

    public int purgeSurrogateKey(String tag, Predicate<String> keys, boolean soft) {
        bumpPurges();
        return index.purgeSurrogateKey(tag, keys, soft);
    }

    private void bumpPurges() {
        synchronized (purgeLock) {
            purges++;
        }
    }

    /** Files go in the background: eviction and purge run under shard locks. */
    private void delete(DiskEntry e) {
        try {
            io.execute(() -> deleteQuietly(e.file()));
        } catch (RejectedExecutionException closed) {
            deleteQuietly(e.file());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a file that cannot go is found again at the next start and checked then
        }
    }

    private void disable(String reason) {
        if (disabled == null) {
            // logged first: whoever sees the tier off can also find the reason in the log
            LOG.warning("disk tier " + dir + " is off, serving from memory only: " + reason);
            disabled = reason;
        }
    }

    /** Why the tier is off, or null while it works. */
    public String disabledReason() {
        return disabled;
    }

    /** Waits until every write and delete queued so far is done (for an orderly stop, and for tests). */
    public void flush() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        if (!io.isShutdown()) {
            io.execute(done::countDown);
            done.await(30, TimeUnit.SECONDS);
        }
    }

    public int count() {
        return index.count();
    }

    public long bytes() {
        return index.bytes();
    }

    public long capacity() {
        return index.capacity();
    }

    /** Files found unusable (torn, corrupt, gone) and removed. */
    public long corrupt() {
        return corrupt.sum();
    }

    /** Writes dropped because the writer fell behind (more than 64 MiB queued). */
    public long dropped() {
        return dropped.sum();
    }

    public void checkInvariants() {
        index.checkInvariants();
    }

    @Override
    public void close() {
        readers.shutdown();
        io.shutdown();
        try {
            io.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
