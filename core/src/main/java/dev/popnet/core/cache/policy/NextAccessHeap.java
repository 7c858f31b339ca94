package dev.popnet.core.cache.policy;

import java.util.Arrays;

/**
 * A binary max-heap of slots by next access, each slot knowing its place: the priority queue of
 * libCacheSim's Belady (libpqueue), moved the same way, so that among objects never requested again the
 * same one is evicted first. Priorities and places are primitive arrays indexed by slot number.
 */
final class NextAccessHeap {
    private int[] d = new int[1024];
    private int size = 1;
    /** By slot: its next access, and its place in {@link #d}. */
    private long[] next = new long[1024];
    private int[] place = new int[1024];

    int size() {
        return size - 1;
    }

    /** The slot needed furthest in the future, or {@link SlotList#NONE}. */
    int peek() {
        return size == 1 ? SlotList.NONE : d[1];
    }

    /** The next access of a slot in the heap. */
    long nextAccess(int slot) {
        return next[slot];
    }

    void insert(int slot, long nextAccess) {
        if (slot >= next.length) {
            int n = Math.max(slot + 1, next.length * 2);
            next = Arrays.copyOf(next, n);
            place = Arrays.copyOf(place, n);
        }
        if (size == d.length) {
            d = Arrays.copyOf(d, d.length * 2);
        }
        next[slot] = nextAccess;
        int i = size++;
        d[i] = slot;
        bubbleUp(i);
    }

    int pop() {
        if (size == 1) {
            return SlotList.NONE;
        }
        int head = d[1];
        d[1] = d[--size];
        if (size > 1) {
            percolateDown(1);
        }
        return head;
    }

    void changePriority(int slot, long nextAccess) {
        long old = next[slot];
        next[slot] = nextAccess;
        if (old < nextAccess) {
            bubbleUp(place[slot]);
        } else {
            percolateDown(place[slot]);
        }
    }

    void remove(int slot) {
        int at = place[slot];
        d[at] = d[--size];
        if (at < size) {
            if (next[slot] < next[d[at]]) {
                bubbleUp(at);
            } else {
                percolateDown(at);
            }
        }
    }

    private void bubbleUp(int i) {
        int moving = d[i];
        long priority = next[moving];
        for (int parent = i >> 1; i > 1 && next[d[parent]] < priority; i = parent, parent = i >> 1) {
            d[i] = d[parent];
            place[d[i]] = i;
        }
        d[i] = moving;
        place[moving] = i;
    }

    private int maxChild(int i) {
        int child = i << 1;
        if (child >= size) {
            return 0;
        }
        if (child + 1 < size && next[d[child]] < next[d[child + 1]]) {
            child++;
        }
        return child;
    }

    private void percolateDown(int i) {
        int moving = d[i];
        long priority = next[moving];
        int child;
        while ((child = maxChild(i)) != 0 && priority < next[d[child]]) {
            d[i] = d[child];
            place[d[i]] = i;
            i = child;
        }
        d[i] = moving;
        place[moving] = i;
    }
}
