package dev.popnet.core.cache.policy;

/**
 * A doubly linked list of {@link Slots} entries with a sentinel slot of its own, head = most recent;
 * keeps its entry count and total weight. Slot numbers are ints and -1 means none.
 */
final class SlotList {
    static final int NONE = -1;
    private final Slots s;
    private final int head;
    private long weight;
    private int count;

    SlotList(Slots slots) {
        this.s = slots;
        this.head = slots.allocate(Long.MIN_VALUE, 0);
        slots.link[2 * head] = head;
        slots.link[2 * head + 1] = head;
    }

    private int newerOf(int n) {
        return s.link[2 * n];
    }

    private int olderOf(int n) {
        return s.link[2 * n + 1];
    }

    void addFirst(int n) {
        linkFirst(n);
        weight += s.weight[n];
        count++;
    }

    private void linkFirst(int n) {
        int[] link = s.link;
        int first = link[2 * head + 1];
        link[2 * n] = head;
        link[2 * n + 1] = first;
        link[2 * first] = n;
        link[2 * head + 1] = n;
    }

    void remove(int n) {
        unlink(n);
        weight -= s.weight[n];
        count--;
    }

    private void unlink(int n) {
        int[] link = s.link;
        int newer = link[2 * n];
        int older = link[2 * n + 1];
        link[2 * newer + 1] = older;
        link[2 * older] = newer;
    }

    void moveToFirst(int n) {
        if (newerOf(n) == head) {
            return;
        }
        unlink(n);
        linkFirst(n);
    }

    /** The oldest entry, or {@link #NONE}. */
    int last() {
        int p = newerOf(head);
        return p == head ? NONE : p;
    }

    /** The entry before n toward the head, or {@link #NONE} at the head. */
    int newer(int n) {
        int p = newerOf(n);
        return p == head ? NONE : p;
    }

    /** The next entry a clock hand visits after n (toward the head, wrapping to the tail). */
    int newerWrapping(int n) {
        int p = newerOf(n);
        if (p == head) {
            p = newerOf(head);
        }
        return p == head ? NONE : p;
    }

    boolean isEmpty() {
        return count == 0;
    }

    long weight() {
        return weight;
    }

    int count() {
        return count;
    }

    /** Walks the list to recount; throws when the books disagree with the links. */
    void check(String policy, String list) {
        long w = 0;
        long c = 0;
        for (int n = olderOf(head); n != head && c <= count; n = olderOf(n)) {
            w += s.weight[n];
            c++;
        }
        if (w != weight || c != count) {
            throw new IllegalStateException(policy + ": list " + list + " says weight=" + weight + " count=" + count
                    + " but holds weight=" + w + " count=" + c);
        }
    }
}
