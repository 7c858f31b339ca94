package dev.popnet.core.cache.policy;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Resident nodes in an array, for policies that evict from a random sample (O(1) add, remove and draw). */
final class SampledResidents {
    private Node[] nodes = new Node[1024];
    private int size;
    private final SplittableRandom random;

    SampledResidents(long seed) {
        this.random = new SplittableRandom(seed);
    }

    void add(Node n) {
        if (size == nodes.length) {
            nodes = Arrays.copyOf(nodes, size * 2);
        }
        n.slot = size;
        nodes[size++] = n;
    }

    void remove(Node n) {
        Node last = nodes[--size];
        nodes[n.slot] = last;
        last.slot = n.slot;
        nodes[size] = null;
        n.slot = -1;
    }

    /** A resident drawn uniformly (with replacement); only called while something is resident. */
    Node draw() {
        return nodes[random.nextInt(size)];
    }

    int size() {
        return size;
    }
}
