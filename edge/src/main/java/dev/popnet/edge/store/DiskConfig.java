package dev.popnet.edge.store;

import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.config.Check;
import dev.popnet.core.config.InvalidValue;

/**
 * The disk tier (see configs/edge.yaml, key {@code disk}).
 *
 * @param dir      where stored objects are kept, one file each; "" (the default): no disk tier
 * @param capacity bytes of files the tier may hold
 * @param policy   eviction policy of the tier (any registered one)
 * @param write    {@code through}: every stored object is written to disk as well; {@code demote}: only objects evicted
 *                 from memory are
 */
public record DiskConfig(String dir, long capacity, String policy, String write) {
    public DiskConfig {
        dir = dir == null ? "" : dir;
        capacity = capacity == 0 ? 10L << 30 : Check.positive("disk.capacity", capacity);
        policy = policy == null ? "lru" : policy;
        try {
            policy = PolicyRegistry.canonical(policy);
        } catch (IllegalArgumentException e) {
            throw new InvalidValue("disk.policy", policy, e.getMessage());
        }
        Check.that(!PolicyRegistry.isOffline(policy), "disk.policy", policy, policy + " needs the future; it exists only in the simulator");
        write = write == null ? "through" : write;
        Check.that(write.equals("through") || write.equals("demote"), "disk.write", write,
                "is through (every stored object also goes to disk) or demote (objects go to disk when memory evicts them)");
    }

    public static DiskConfig defaults() {
        return new DiskConfig("", 10L << 30, "lru", "through");
    }

    public boolean enabled() {
        return !dir.isEmpty();
    }

    public boolean writeThrough() {
        return write.equals("through");
    }
}
