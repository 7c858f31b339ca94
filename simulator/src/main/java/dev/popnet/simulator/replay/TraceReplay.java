package dev.popnet.simulator.replay;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.cache.EvictionListener;
import dev.popnet.core.cache.EvictionPolicy;
import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.cache.policy.NextAccess;
import dev.popnet.core.cache.policy.OfflinePolicy;
import dev.popnet.core.time.ManualTicker;
import dev.popnet.simulator.workload.Request;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The plainest simulation: one cache, one request sequence, no network. For policy studies and for
 * offline policies (Belady), which need the whole sequence up front to know each next access.
 */
public final class TraceReplay {
    private TraceReplay() {
    }

    public static ReplayResult run(Iterator<Request> requests, String policyName, long capacity, CapacityMode mode) {
        ManualTicker clock = new ManualTicker();
        EvictionPolicy policy = PolicyRegistry.create(policyName, capacity, clock);
        if (policy instanceof OfflinePolicy offline) {
            return runOffline(requests, offline, capacity, mode, clock);
        }
        long start = System.nanoTime();
        long epoch = clock.nanos();
        long n = 0;
        long hits = 0;
        long bytes = 0;
        long hitBytes = 0;
        while (requests.hasNext()) {
            Request r = requests.next();
            clock.setNanos(epoch + r.timeNanos());
            n++;
            bytes += r.size();
            if (policy.access(r.objectId(), mode.weight(r.size()), EvictionListener.NONE)) {
                hits++;
                hitBytes += r.size();
            }
        }
        policy.checkInvariants();
        return new ReplayResult(policy.name(), capacity, n, hits, bytes, hitBytes, (System.nanoTime() - start) / 1e9);
    }

    private static ReplayResult runOffline(Iterator<Request> requests, OfflinePolicy policy, long capacity, CapacityMode mode,
            ManualTicker clock) {
        List<Request> all = new ArrayList<>();
        requests.forEachRemaining(all::add);
        long[] keys = all.stream().mapToLong(Request::objectId).toArray();
        long start = System.nanoTime();
        long[] next = NextAccess.indexes(keys);
        long hits = 0;
        long bytes = 0;
        long hitBytes = 0;
        for (int i = 0; i < keys.length; i++) {
            Request r = all.get(i);
            bytes += r.size();
            policy.nextAccess(next[i]);
            if (policy.access(r.objectId(), mode.weight(r.size()), EvictionListener.NONE)) {
                hits++;
                hitBytes += r.size();
            }
        }
        policy.checkInvariants();
        return new ReplayResult(policy.name(), capacity, keys.length, hits, bytes, hitBytes, (System.nanoTime() - start) / 1e9);
    }
}
