package dev.popnet.core.cache.policy;

import dev.popnet.core.cache.EvictionListener;
import java.util.Arrays;

/**
 * The entries of a list-based policy as parallel primitive arrays indexed by slot: key, weight, links
 * and a counter per entry, lists linked by slot number ({@link SlotList}), freed slots reused. No object
 * per entry and no reference stores on the hot path, so a replay of millions of requests allocates
 * nothing and gives the garbage collector's write barriers nothing to record.
 */
final class Slots {
    long[] key;
    long[] weight;
    /** Slot s's neighbours side by side, one cache line for both: toward the head at 2s, toward the tail at 2s + 1. */
    int[] link;
    /** Access count or reference bits, as the policy reads it. */
    int[] freq;
    /** Which list holds the entry, for policies with several. */
    byte[] queue;
    private int used;
    /** Head of the chain of freed slots (linked through {@link #link}), or -1. */
    private int free = -1;

    Slots(int expected) {
        int n = Math.max(16, expected);
        key = new long[n];
        weight = new long[n];
        link = new int[2 * n];
        freq = new int[n];
        queue = new byte[n];
    }

    /** A slot for a new entry, its counter and queue zero; arrays grow (doubling) as needed. */
    int allocate(long k, long w) {
        int s = free;
        if (s >= 0) {
            free = link[2 * s];
        } else {
            if (used == key.length) {
                grow();
            }
            s = used++;
        }
        key[s] = k;
        weight[s] = w;
        freq[s] = 0;
        queue[s] = 0;
        return s;
    }

    /** Hands back a slot that is in no list and no index any more. */
    void release(int s) {
        link[2 * s] = free;
        free = s;
    }

    /** Evicts an entry already out of every list: drops its key from {@code index}, frees the slot, reports it. */
    void evict(int s, LongIntMap index, EvictionListener evicted) {
        long k = key[s];
        long w = weight[s];
        index.remove(k);
        release(s);
        evicted.evicted(k, w);
    }

    private void grow() {
        int n = key.length * 2;
        key = Arrays.copyOf(key, n);
        weight = Arrays.copyOf(weight, n);
        link = Arrays.copyOf(link, 2 * n);
        freq = Arrays.copyOf(freq, n);
        queue = Arrays.copyOf(queue, n);
    }
}
