package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;

/** One queue, new objects at the head, victims chosen from the tail; subclasses say what a hit does and which tail object goes. */
abstract class QueuePolicy extends AbstractPolicy {
    private final LongIntMap index = new LongIntMap(1024);
    protected final Slots slots = new Slots(1024);
    protected final SlotList list = new SlotList(slots);
    /**
     * The key {@link #entryOf} last looked up and its slot (-1: none): a caller that reads an entry by its
     * number and then touches it would otherwise pay for the same hash lookup twice. Cleared wherever
     * slots change hands (insert, remove), so it never names a slot its key has left.
     */
    private long lookedUp;
    private int lookedUpSlot = -1;

    QueuePolicy(String name, long capacity) {
        super(name, capacity);
    }

    @Override
    protected final boolean find(long key, EvictionListener evicted) {
        int n = lookedUpSlot >= 0 && lookedUp == key ? lookedUpSlot : index.get(key);
        if (n < 0) {
            return false;
        }
        onHit(n);
        return true;
    }

    /** What a hit on slot n does. */
    protected abstract void onHit(int n);

    @Override
    protected final boolean insert(long key, long weight, EvictionListener evicted) {
        lookedUpSlot = -1;
        if (weight > capacity) {
            return false;
        }
        while (list.weight() + weight > capacity) {
            slots.evict(evictOne(), index, evicted);
        }
        int n = slots.allocate(key, weight);
        list.addFirst(n);
        index.put(key, n);
        return true;
    }

    /** Unlinks the next victim from the list and returns its slot; only called while something is resident. */
    protected abstract int evictOne();

    @Override
    public boolean remove(long key) {
        lookedUpSlot = -1;
        int n = index.remove(key);
        if (n < 0) {
            return false;
        }
        unlink(n);
        slots.release(n);
        return true;
    }

    /** Takes slot n out of the list (a purge or size change, not an eviction). */
    protected void unlink(int n) {
        list.remove(n);
    }

    /** The entry's slot: slots are taken on insertion and given back only when the key leaves. */
    @Override
    public final int entryOf(long key) {
        int n = index.get(key);
        lookedUp = key;
        lookedUpSlot = n;
        return n;
    }

    @Override
    public final long weightOf(long key) {
        int n = index.get(key);
        return n < 0 ? -1 : slots.weight[n];
    }

    @Override
    public final long usedWeight() {
        return list.weight();
    }

    @Override
    public final int residentCount() {
        return list.count();
    }

    @Override
    public void checkInvariants() {
        list.check(name(), "queue");
        if (list.count() != index.size()) {
            throw new IllegalStateException(name() + ": index holds " + index.size() + " keys, list " + list.count());
        }
        checkCapacity();
    }
}
