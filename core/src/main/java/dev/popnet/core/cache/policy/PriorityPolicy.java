package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;
import dev.popnet.core.cache.EvictionPolicy;
import java.util.TreeSet;

/**
 * Bookkeeping of the policies that evict by an ordering of their entries (GDSF by priority, Belady by
 * next access): an index, the ordered set whose first entry is the next victim, and the used weight.
 */
abstract class PriorityPolicy<E extends PriorityPolicy.Entry<E>> implements EvictionPolicy {
    /** A resident object; its order in the set must not change while it is in the set. */
    abstract static class Entry<E> implements Comparable<E> {
        final long key;
        final long weight;

        Entry(long key, long weight) {
            this.key = key;
            this.weight = weight;
        }
    }

    protected final long capacity;
    protected final LongObjectMap<E> index = new LongObjectMap<>(1024);
    protected final TreeSet<E> order = new TreeSet<>();
    protected long used;

    PriorityPolicy(long capacity) {
        this.capacity = capacity;
    }

    /** Re-sorts an entry after {@code change} updates the fields its order depends on. */
    protected void reorder(E e, Runnable change) {
        order.remove(e);
        change.run();
        order.add(e);
    }

    protected void add(E e) {
        order.add(e);
        index.put(e.key, e);
        used += e.weight;
    }

    /** Takes the first entry (the victim) out and reports it. */
    protected E evictFirst(EvictionListener evicted) {
        E victim = order.pollFirst();
        index.remove(victim.key);
        used -= victim.weight;
        evicted.evicted(victim.key, victim.weight);
        return victim;
    }

    @Override
    public boolean remove(long key) {
        E e = index.remove(key);
        if (e == null) {
            return false;
        }
        order.remove(e);
        used -= e.weight;
        return true;
    }

    @Override
    public long weightOf(long key) {
        E e = index.get(key);
        return e == null ? -1 : e.weight;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public long usedWeight() {
        return used;
    }

    @Override
    public int residentCount() {
        return index.size();
    }

    @Override
    public void checkInvariants() {
        long sum = order.stream().mapToLong(e -> e.weight).sum();
        if (sum != used || order.size() != index.size() || used > capacity) {
            throw new IllegalStateException(name() + ": used=" + used + " sum=" + sum + " entries=" + order.size()
                    + " index=" + index.size() + " capacity=" + capacity);
        }
    }
}
