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
 * One lock guards the policy, which is single-threaded; the work under it is a few map operations.
 */
final class EdgeStore {
    private final EvictionPolicy policy;
    /** Primary key -> Vary header of the last stored response (names the request headers that pick a variant). */
    private final Map<String, String> varyByKey = new HashMap<>();
    private final Map<Long, StoredObject> objects = new HashMap<>();
    private final LongAdder evictions = new LongAdder();
    private long bytes;

    EdgeStore(String policyName, long capacity, Ticker ticker) {
        this.policy = PolicyRegistry.create(policyName, capacity, ticker);
    }

    /** The stored variant that matches the request's Vary headers (§4.1), counted as an access; or null. */
    synchronized StoredObject lookup(String primaryKey, Headers request) {
        String vary = varyByKey.get(primaryKey);
        if (vary == null) {
            return null;
        }
        String varyKey = CacheRules.varyKey(vary, request);
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

    /** Stores (or replaces) a variant; returns false when the policy declines it. */
    synchronized boolean put(StoredObject o) {
        long id = id(o.primaryKey(), o.varyKey());
        remove(id);
        String vary = o.headers().joined("Vary");
        varyByKey.put(o.primaryKey(), vary == null ? "" : vary);
        boolean admitted = policy.admit(id, o.weight(), this::evicted);
        if (admitted) {
            objects.put(id, o);
            bytes += o.weight();
        }
        return admitted;
    }

    /** The policy let an object go (to make room, or while reordering on a hit). */
    private void evicted(long victim, long weight) {
        StoredObject gone = objects.remove(victim);
        if (gone != null) {
            bytes -= gone.weight();
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
        StoredObject o = objects.remove(id);
        if (o != null) {
            policy.remove(id);
            bytes -= o.weight();
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int count() {
        return objects.size();
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
