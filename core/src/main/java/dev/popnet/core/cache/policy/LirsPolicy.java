package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;

/**
 * LIRS (Jiang and Zhang, SIGMETRICS '02) as libCacheSim implements it: the stack S orders recently seen
 * objects (LIR residents, HIR residents and non-resident HIR history), the queue Q holds the resident
 * HIR objects (1% of the capacity), and NH lists the non-resident entries of S. A HIR object hit while in
 * S becomes LIR, pushing the bottom LIR object into Q; S is pruned so its bottom is always LIR, and is
 * bounded at twice the capacity by dropping the oldest non-resident entries. Each structure keeps its own
 * entry for an object, as the reference's three sub-caches do.
 */
public final class LirsPolicy extends AbstractPolicy {
    private static final byte LIR = 1;
    private static final byte RESIDENT = 2;
    private final KeyedQueue stack = new KeyedQueue(Long.MAX_VALUE);
    private final KeyedQueue queue = new KeyedQueue(Long.MAX_VALUE);
    private final KeyedQueue nonResident = new KeyedQueue(Long.MAX_VALUE);
    private final long hirLimit;
    private final long lirLimit;
    private long hirWeight;
    private long lirWeight;
    private int lirCount;
    /** Entries of S marked resident whose Q entry was evicted while they were promoted (a reference quirk kept for parity). */
    private int strays;
    private long used;
    private Node watched;
    private boolean watchedFreed;

    public LirsPolicy(long capacity) {
        super("lirs", capacity);
        this.hirLimit = Math.max(1, (long) (0.01 * capacity));
        this.lirLimit = capacity - hirLimit;
    }

    private static boolean isLir(Node n) {
        return (n.queue & LIR) != 0;
    }

    private static boolean isResident(Node n) {
        return (n.queue & RESIDENT) != 0;
    }

    @Override
    protected boolean find(long key, EvictionListener evicted) {
        Node s = stack.get(key);
        if (s != null) {
            stack.moveToFirst(s);
        }
        Node q = queue.get(key);
        if (q != null) {
            queue.moveToFirst(q);
        }
        boolean hit = false;
        if (s != null) {
            if (isLir(s)) {
                prune(evicted);
                hit = true;
            } else if (isResident(s)) {
                hitHirInStack(s, q, evicted);
                hit = true;
            }
        } else if (q != null) {
            hitHirInQueue(q, evicted);
            hit = true;
        }
        if (hit) {
            limitStack();
        }
        return hit;
    }

    private void hitHirInStack(Node s, Node q, EvictionListener evicted) {
        if (q != null) {
            hirWeight -= q.weight;
            queue.remove(q.key);
            used -= q.weight;
        } else {
            strays--;
        }
        while (lirWeight + s.weight > lirLimit) {
            evictLir(evicted);
        }
        s.queue |= LIR;
        lirWeight += s.weight;
        lirCount++;
        used += s.weight;
    }

    /**
     * A resident HIR object outside S is requested. The reference tests its loop against the Q object it
     * holds a pointer to; when that object is evicted inside the loop, the pointer reads the next object
     * the allocator puts in the freed memory (the next one Q admits). {@link #watched} follows the same
     * object so that results stay equal to the reference's.
     */
    private void hitHirInQueue(Node q, EvictionListener evicted) {
        long key = q.key;
        long weight = q.weight;
        watched = q;
        while (lirWeight + watched.weight > lirLimit) {
            evictLir(evicted);
        }
        watched = null;
        watchedFreed = false;
        stack.addFirst(key, weight).queue = RESIDENT;
        if (queue.get(key) == null) {
            strays++;
        }
    }

    @Override
    protected boolean insert(long key, long weight, EvictionListener evicted) {
        boolean admitted = admitAndPlace(key, weight, evicted);
        limitStack();
        return admitted;
    }

    private boolean admitAndPlace(long key, long weight, EvictionListener evicted) {
        if (weight > capacity) {
            return false;
        }
        Node s = stack.get(key);
        boolean history = s != null && !isLir(s) && !isResident(s);
        if (history) {
            while (lirWeight + s.weight > lirLimit) {
                evictLir(evicted);
            }
            nonResident.remove(key);
        } else {
            if (weight > lirLimit || weight > hirLimit) {
                return false;
            }
            if (lirWeight + weight > lirLimit && hirWeight + weight > hirLimit) {
                while (hirWeight + weight > hirLimit) {
                    evictHir(evicted);
                }
            }
        }
        while (used + weight > capacity) {
            long before = used + lirWeight;
            evictFor(history, weight, evicted);
            if (used + lirWeight == before) {
                throw new IllegalStateException("lirs: no progress making room for " + key);
            }
        }
        if (history) {
            s.queue = LIR | RESIDENT;
            lirWeight += s.weight;
            lirCount++;
            used += s.weight;
        } else if (lirWeight + weight <= lirLimit) {
            stack.addFirst(key, weight).queue = LIR | RESIDENT;
            lirWeight += weight;
            lirCount++;
            used += weight;
        } else {
            stack.addFirst(key, weight).queue = RESIDENT;
            queue.addFirst(key, weight).queue = RESIDENT;
            hirWeight += weight;
            used += weight;
        }
        return true;
    }

    private void evictFor(boolean history, long weight, EvictionListener evicted) {
        if (history) {
            while (hirWeight >= hirLimit) {
                evictHir(evicted);
            }
            evictLir(evicted);
        } else if (lirWeight + weight > lirLimit && hirWeight + weight > hirLimit) {
            evictHir(evicted);
        }
    }

    /** The bottom of S (a LIR object) leaves S: into Q as a resident HIR if it fits there, else out of the cache. */
    private void evictLir(EvictionListener evicted) {
        Node t = stack.removeLast();
        lirWeight -= t.weight;
        lirCount--;
        used -= t.weight;
        if (t.weight <= hirLimit) {
            while (hirWeight + t.weight > hirLimit) {
                evictHir(evicted);
            }
            Node demoted = queue.addFirst(t.key, t.weight);
            demoted.queue = RESIDENT;
            if (watchedFreed) {
                watched = demoted;
                watchedFreed = false;
            }
            hirWeight += t.weight;
            used += t.weight;
        } else {
            evicted.evicted(t.key, t.weight);
        }
        prune(evicted);
    }

    /** Q's oldest object leaves the cache; its S entry, if any, becomes non-resident history. */
    private void evictHir(EvictionListener evicted) {
        Node t = queue.removeLast();
        watchedFreed |= t == watched;
        hirWeight -= t.weight;
        Node s = stack.get(t.key);
        if (s != null) {
            s.queue &= ~RESIDENT;
            nonResident.addFirst(t.key, t.weight);
        }
        used -= t.weight;
        evicted.evicted(t.key, t.weight);
    }

    /**
     * Removes HIR entries from the bottom of S until a LIR one (or the top) is there. An entry marked
     * resident whose Q entry is gone (the reference lets Q evict an object while it is being promoted)
     * leaves the cache with it, and is reported.
     */
    private void prune(EvictionListener evicted) {
        Node t = stack.last();
        while (t != stack.first()) {
            if (isLir(t)) {
                break;
            }
            if (!isResident(t)) {
                nonResident.remove(t.key);
            } else if (queue.get(t.key) == null) {
                strays--;
                evicted.evicted(t.key, t.weight);
            }
            stack.removeLast();
            t = stack.last();
        }
    }

    /** S holds at most twice the capacity: the oldest non-resident entries go first. */
    private void limitStack() {
        while (stack.weight() > 2 * capacity) {
            Node t = nonResident.last();
            if (t == null) {
                break;
            }
            stack.remove(t.key);
            nonResident.removeLast();
        }
    }

    @Override
    public boolean remove(long key) {
        Node s = stack.get(key);
        Node q = queue.get(key);
        if (s != null) {
            stack.remove(key);
            if (isLir(s)) {
                lirWeight -= s.weight;
                lirCount--;
                used -= s.weight;
                prune(EvictionListener.NONE);
            } else {
                if (isResident(s) && q == null) {
                    strays--;
                } else if (isResident(s)) {
                    hirWeight -= s.weight;
                    used -= s.weight;
                } else {
                    nonResident.remove(key);
                }
                if (q != null) {
                    queue.remove(key);
                }
            }
            return isResident(s);
        }
        if (q != null) {
            queue.remove(key);
            hirWeight -= q.weight;
            used -= q.weight;
            return true;
        }
        return false;
    }

    @Override
    public long weightOf(long key) {
        Node q = queue.get(key);
        if (q != null) {
            return q.weight;
        }
        Node s = stack.get(key);
        return s != null && isResident(s) ? s.weight : -1;
    }

    @Override
    public long usedWeight() {
        return used;
    }

    @Override
    public int residentCount() {
        return lirCount + queue.count() + strays;
    }

    @Override
    public void checkInvariants() {
        stack.check(name(), "S");
        queue.check(name(), "Q");
        nonResident.check(name(), "NH");
        if (queue.weight() != hirWeight) {
            throw new IllegalStateException("lirs: Q holds " + queue.weight() + " but HIR weight is " + hirWeight);
        }
        if (lirWeight > lirLimit) {
            throw new IllegalStateException("lirs: LIR weight " + lirWeight + " above its limit " + lirLimit);
        }
        checkCapacity();
    }
}
