package dev.popnet.core.cache.policy;

import java.util.Arrays;

/**
 * A binary max-heap of nodes by next access ({@code stamp}), each node knowing its slot: the priority
 * queue of libCacheSim's Belady (libpqueue), moved the same way, so that among objects never requested
 * again the same one is evicted first.
 */
final class NextAccessHeap {
    private Node[] d = new Node[1024];
    private int size = 1;

    int size() {
        return size - 1;
    }

    Node peek() {
        return size == 1 ? null : d[1];
    }

    void insert(Node n) {
        if (size == d.length) {
            d = Arrays.copyOf(d, d.length * 2);
        }
        int i = size++;
        d[i] = n;
        bubbleUp(i);
    }

    Node pop() {
        if (size == 1) {
            return null;
        }
        Node head = d[1];
        d[1] = d[--size];
        d[size] = null;
        if (size > 1) {
            percolateDown(1);
        }
        head.slot = -1;
        return head;
    }

    void changePriority(Node n, long next) {
        long old = n.stamp;
        n.stamp = next;
        if (old < next) {
            bubbleUp(n.slot);
        } else {
            percolateDown(n.slot);
        }
    }

    void remove(Node n) {
        int at = n.slot;
        d[at] = d[--size];
        d[size] = null;
        if (at < size) {
            if (n.stamp < d[at].stamp) {
                bubbleUp(at);
            } else {
                percolateDown(at);
            }
        }
        n.slot = -1;
    }

    private void bubbleUp(int i) {
        Node moving = d[i];
        for (int parent = i >> 1; i > 1 && d[parent].stamp < moving.stamp; i = parent, parent = i >> 1) {
            d[i] = d[parent];
            d[i].slot = i;
        }
        d[i] = moving;
        moving.slot = i;
    }

    private int maxChild(int i) {
        int child = i << 1;
        if (child >= size) {
            return 0;
        }
        if (child + 1 < size && d[child].stamp < d[child + 1].stamp) {
            child++;
        }
        return child;
    }

    private void percolateDown(int i) {
        Node moving = d[i];
        int child;
        while ((child = maxChild(i)) != 0 && moving.stamp < d[child].stamp) {
            d[i] = d[child];
            d[i].slot = i;
            i = child;
        }
        d[i] = moving;
        moving.slot = i;
    }
}
