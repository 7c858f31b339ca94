package dev.popnet.edge.store;

import dev.popnet.core.cache.EvictionListener;
import dev.popnet.core.cache.EvictionPolicy;
import java.nio.charset.StandardCharsets;
import io.netty.util.collection.LongObjectHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One shard of the memory tier: the objects whose primary key hashes here, their Vary index and their
 * own eviction policy (policies are single-threaded; each shard's runs under the shard's lock, so hits on
 * keys of different shards never wait on each other). Everything kept per key goes with its last object,
 * from this shard and from the shared {@link KeyIndex}.
 */
final class Shard<V extends Storable> {
    /**
     * One primary key's variants (their ids: the first inline, as most keys have just one), the Vary of the
     * response stored last, and the surrogate keys of them all.
     */
    private static final class Variants {
        private static final long[] NONE = {};
        String vary;
        private long first;
        private long[] more = NONE;
        List<String> tags = List.of();

        Variants(long first) {
            this.first = first;
        }

        int size() {
            return 1 + more.length;
        }

        long get(int i) {
            return i == 0 ? first : more[i - 1];
        }

        /** A copy of the ids, to iterate while they change. */
        long[] ids() {
            long[] all = new long[size()];
            all[0] = first;
            System.arraycopy(more, 0, all, 1, more.length);
            return all;
        }

        void add(long id) {
            more = Arrays.copyOf(more, more.length + 1);
            more[more.length - 1] = id;
        }

        /** Removes an id; false when it was the last (the key then goes). */
        boolean remove(long id) {
            long[] all = ids();
            int at = -1;
            for (int i = 0; i < all.length && at < 0; i++) {
                at = all[i] == id ? i : -1;
            }
            if (at < 0) {
                return true;
            }
            if (all.length == 1) {
                return false;
            }
            long[] rest = new long[all.length - 1];
            System.arraycopy(all, 0, rest, 0, at);
            System.arraycopy(all, at + 1, rest, at, all.length - at - 1);
            first = rest[0];
            more = rest.length == 1 ? NONE : Arrays.copyOfRange(rest, 1, rest.length);
            return true;
        }
    }

    private final EvictionPolicy policy;
    private final KeyIndex index;
    private final LongAdder evictions;
    private final EvictionListener onEvicted = this::evicted;
    private final Map<String, Variants> byKey = new HashMap<>();
    private final LongObjectHashMap<V> objects = new LongObjectHashMap<>();
    private final Consumer<V> evictedTo;
    private final Consumer<V> removedTo;
    private long bytes;

    /**
     * @param evictedTo told of every object the policy evicts, and {@code removedTo} of every one replaced or
     *                  purged; both under the shard's lock, so they must only hand the object on
     */
    Shard(EvictionPolicy policy, KeyIndex index, LongAdder evictions, Consumer<V> evictedTo, Consumer<V> removedTo) {
        this.policy = policy;
        this.index = index;
        this.evictions = evictions;
        this.evictedTo = evictedTo;
        this.removedTo = removedTo;
    }

    /** Whether any variant of the key is here; no access is counted. */
    synchronized boolean holds(String primaryKey) {
        return byKey.containsKey(primaryKey);
    }

    /** The variant {@code varyKeyFor} selects from the stored Vary (null: none matches), counted as an access; or null. */
    synchronized V lookup(String primaryKey, Function<String, String> varyKeyFor, Consumer<? super V> found) {
        Variants v = byKey.get(primaryKey);
        if (v == null) {
            return null;
        }
        String varyKey = varyKeyFor.apply(v.vary);
        if (varyKey == null) {
            return null;
        }
        long id = id(primaryKey, varyKey);
        V o = objects.get(id);
        if (o == null || !o.primaryKey().equals(primaryKey) || !o.varyKey().equals(varyKey)) {
            return null;
        }
        found.accept(o); // first: the touch may evict the very object it found
        policy.touch(id, onEvicted);
        return o;
    }

    /**
     * Stores (or replaces) a variant; returns false when the policy declines it. A response whose Vary
     * differs from the stored ones replaces them all: lookups would never select them again.
     */
    synchronized boolean put(V o) {
        long id = id(o.primaryKey(), o.varyKey());
        remove(id);
        Variants existing = byKey.get(o.primaryKey());
        String vary = o.vary();
        if (existing != null && !existing.vary.equals(vary)) {
            for (long other : existing.ids()) {
                remove(other);
            }
        }
        if (!policy.admit(id, o.weight(), onEvicted)) {
            return false;
        }
        objects.put(id, o);
        bytes += o.weight();
        Variants v = byKey.get(o.primaryKey());
        if (v == null) {
            v = new Variants(id);
            byKey.put(o.primaryKey(), v);
            index.add(o.primaryKey());
        } else {
            v.add(id);
        }
        v.vary = vary;
        retag(o.primaryKey(), v);
        return true;
    }

    /** Removes every variant of a primary key; returns them. */
    synchronized List<V> remove(String primaryKey) {
        Variants v = byKey.get(primaryKey);
        if (v == null) {
            return List.of();
        }
        List<V> gone = new ArrayList<>(v.size());
        for (long id : v.ids()) {
            V o = objects.get(id);
            remove(id);
            gone.add(o);
        }
        return gone;
    }

    /** Replaces every variant of a primary key by {@code stale} of it (same weight); returns how many. */
    synchronized int replaceAll(String primaryKey, UnaryOperator<V> stale) {
        Variants v = byKey.get(primaryKey);
        if (v == null) {
            return 0;
        }
        for (long id : v.ids()) {
            V o = objects.get(id);
            if (o != null) {
                objects.put(id, stale.apply(o));
            }
        }
        return v.size();
    }

    /**
     * Lets every object go at once, each through {@code removedTo}, without the per-key bookkeeping of a
     * purge (policy and index updates): for a tier being closed, which is not used afterwards.
     */
    synchronized void releaseAll() {
        objects.values().forEach(removedTo);
        objects.clear();
        byKey.clear();
        bytes = 0;
    }

    /** The primary keys of objects that match (a scan of this shard only). */
    synchronized Set<String> keysMatching(Predicate<? super V> match) {
        Set<String> keys = new LinkedHashSet<>();
        for (V o : objects.values()) {
            if (match.test(o)) {
                keys.add(o.primaryKey());
            }
        }
        return keys;
    }

    /** The policy let an object go (to make room, or while reordering on a hit). */
    private void evicted(long victim, long weight) {
        V o = forget(victim);
        if (o != null) {
            evictions.increment();
            evictedTo.accept(o);
        }
    }

    private void remove(long id) {
        V o = forget(id);
        if (o != null) {
            policy.remove(id);
            removedTo.accept(o);
        }
    }

    /** Drops an object and its place in the indexes (the policy has already let go of it, or is told by the caller). */
    private V forget(long id) {
        V o = objects.remove(id);
        if (o == null) {
            return null;
        }
        bytes -= o.weight();
        Variants v = byKey.get(o.primaryKey());
        if (v != null) {
            if (!v.remove(id)) {
                byKey.remove(o.primaryKey());
                index.remove(o.primaryKey(), v.tags);
            } else {
                retag(o.primaryKey(), v);
            }
        }
        return o;
    }

    /** Keeps the surrogate-key index to exactly the tags of the key's stored variants. */
    private void retag(String primaryKey, Variants v) {
        List<String> tags;
        if (v.size() == 1) {
            tags = objects.get(v.get(0)).surrogateKeys();
        } else {
            Set<String> all = new LinkedHashSet<>();
            for (long id : v.ids()) {
                all.addAll(objects.get(id).surrogateKeys());
            }
            tags = List.copyOf(all);
        }
        if (!tags.equals(v.tags)) {
            List<String> dropped = new ArrayList<>(v.tags);
            dropped.removeAll(tags);
            index.untag(primaryKey, dropped);
            index.tag(primaryKey, tags);
            v.tags = tags;
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int count() {
        return objects.size();
    }

    synchronized int keys() {
        return byKey.size();
    }

    long capacity() {
        return policy.capacity();
    }

    String policyName() {
        return policy.name();
    }

    synchronized void checkInvariants() {
        policy.checkInvariants();
        long sum = objects.values().stream().mapToLong(Storable::weight).sum();
        if (sum != bytes || bytes > policy.capacity()) {
            throw new IllegalStateException("shard holds " + sum + " bytes, counts " + bytes + ", capacity " + policy.capacity());
        }
        long indexed = byKey.values().stream().mapToLong(Variants::size).sum();
        if (indexed != objects.size() || byKey.size() > objects.size()) {
            throw new IllegalStateException("Vary index lists " + indexed + " variants of " + byKey.size() + " keys for " + objects.size()
                    + " objects");
        }
    }

    static long id(String primaryKey, String varyKey) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (primaryKey + "\u0000" + varyKey).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
