package dev.popnet.edge;

import dev.popnet.core.cache.EvictionPolicy;
import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.http.CacheRules;
import dev.popnet.core.http.Headers;
import dev.popnet.core.time.Ticker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * The memory store: objects by primary key and Vary variant, bounded by bytes through an
 * {@link EvictionPolicy} (the Caffeine library by default), the same policies the simulator runs.
 * Everything kept per key (the Vary index too) goes when its last object goes, so memory follows the
 * byte bound however many distinct keys pass through. One lock guards the policy, which is
 * single-threaded; the work under it is a few map operations.
 */
final class EdgeStore {
    /** One primary key's variants and the Vary of the response stored last (it names the request headers that pick one). */
    private static final class Variants {
        String vary;
        final List<Long> ids = new ArrayList<>(1);
    }

    private final EvictionPolicy policy;
    private final Map<String, Variants> byKey = new HashMap<>();
    private final Map<Long, StoredObject> objects = new HashMap<>();
    private final LongAdder evictions = new LongAdder();
    private long bytes;

    EdgeStore(String policyName, long capacity, Ticker ticker) {
        this.policy = PolicyRegistry.create(policyName, capacity, ticker);
    }

    /** The stored variant that matches the request's Vary headers (§4.1), counted as an access; or null. */
    synchronized StoredObject lookup(String primaryKey, Headers request) {
        Variants v = byKey.get(primaryKey);
        if (v == null) {
            return null;
        }
        String varyKey = CacheRules.varyKey(v.vary, request);
        if (varyKey == null) {
            return null;
        }
        long id = id(primaryKey, varyKey);
        StoredObject o = objects.get(id);
        if (o == null || !o.primaryKey().equals(primaryKey) || !o.varyKey().equals(varyKey)) {
            return null;
        }
        policy.touch(id, this::evicted);
        return o;
    }

    /**
     * Stores (or replaces) a variant; returns false when the policy declines it. A response whose Vary
     * differs from the stored ones replaces them all: lookups would never select them again.
     */
    synchronized boolean put(StoredObject o) {
        long id = id(o.primaryKey(), o.varyKey());
        remove(id);
        String vary = o.headers().list("Vary");
        String newVary = vary == null ? "" : vary;
        Variants existing = byKey.get(o.primaryKey());
        if (existing != null && !existing.vary.equals(newVary)) {
            new ArrayList<>(existing.ids).forEach(this::remove);
        }
        boolean admitted = policy.admit(id, o.weight(), this::evicted);
        if (admitted) {
            objects.put(id, o);
            bytes += o.weight();
            Variants v = byKey.computeIfAbsent(o.primaryKey(), k -> new Variants());
            v.vary = newVary;
            v.ids.add(id);
        }
        return admitted;
    }

    /** The policy let an object go (to make room, or while reordering on a hit). */
    private void evicted(long victim, long weight) {
        if (forget(victim) != null) {
            evictions.increment();
        }
    }

    /** Removes every variant of the matching primary keys; returns how many objects went. */
    synchronized int purge(Predicate<StoredObject> match) {
        List<Long> ids = new ArrayList<>();
        objects.forEach((id, o) -> {
            if (match.test(o)) {
                ids.add(id);
            }
        });
        ids.forEach(this::remove);
        return ids.size();
    }

    private void remove(long id) {
        if (forget(id) != null) {
            policy.remove(id);
        }
    }

    /** Drops an object and its place in the index (the policy has already let go of it, or is told by the caller). */
    private StoredObject forget(long id) {
        StoredObject o = objects.remove(id);
        if (o != null) {
            bytes -= o.weight();
            Variants v = byKey.get(o.primaryKey());
            if (v != null) {
                v.ids.remove(id);
                if (v.ids.isEmpty()) {
                    byKey.remove(o.primaryKey());
                }
            }
        }
        return o;
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int count() {
        return objects.size();
    }

    /** Primary keys the Vary index holds (never more than the objects stored). */
    synchronized int indexedKeys() {
        return byKey.size();
    }

    long evictions() {
        return evictions.sum();
    }

    long capacity() {
        return policy.capacity();
    }

    String policyName() {
        return policy.name();
    }

    synchronized void checkInvariants() {
        policy.checkInvariants();
        long sum = objects.values().stream().mapToLong(StoredObject::weight).sum();
        if (sum != bytes || bytes > policy.capacity()) {
            throw new IllegalStateException("store holds " + sum + " bytes, counts " + bytes + ", capacity " + policy.capacity());
        }
        long indexed = byKey.values().stream().mapToLong(v -> v.ids.size()).sum();
        if (indexed != objects.size() || byKey.size() > objects.size()) {
            throw new IllegalStateException("Vary index lists " + indexed + " variants of " + byKey.size() + " keys for " + objects.size()
                    + " objects");
        }
    }

    private static long id(String primaryKey, String varyKey) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (primaryKey + "\u0000" + varyKey).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
