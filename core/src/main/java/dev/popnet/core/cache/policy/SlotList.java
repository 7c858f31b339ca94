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
        slots.prev[head] = head;
        slots.next[head] = head;
    }

    void addFirst(int n) {
        addAfterSlot(head, n);
    }

    /** Links n right after anchor, i.e. one step older. */
    void addAfter(int anchor, int n) {
        addAfterSlot(anchor, n);
    }

    private void addAfterSlot(int anchor, int n) {
        int[] next = s.next;
        int[] prev = s.prev;
        int after = next[anchor];
        prev[n] = anchor;
        next[n] = after;
        prev[after] = n;
        next[anchor] = n;
        weight += s.weight[n];
        count++;
    }

    void remove(int n) {
        int[] next = s.next;
        int[] prev = s.prev;
        int p = prev[n];
        int x = next[n];
        next[p] = x;
        prev[x] = p;
        weight -= s.weight[n];
        count--;
    }

    void moveToFirst(int n) {
        int[] next = s.next;
        int[] prev = s.prev;
        if (prev[n] == head) {
            return;
        }
        int p = prev[n];
        int x = next[n];
        next[p] = x;
        prev[x] = p;
        int first = next[head];
        prev[n] = head;
        next[n] = first;
        prev[first] = n;
        next[head] = n;
    }

    /** The oldest entry, or {@link #NONE}. */
    int last() {
        int p = s.prev[head];
        return p == head ? NONE : p;
    }

    int first() {
        int n = s.next[head];
        return n == head ? NONE : n;
    }

    /** The entry before n toward the head, or {@link #NONE} at the head. */
    int newer(int n) {
        int p = s.prev[n];
        return p == head ? NONE : p;
    }

    /** The next entry a clock hand visits after n (toward the head, wrapping to the tail). */
    int newerWrapping(int n) {
        int p = s.prev[n];
        if (p == head) {
            p = s.prev[head];
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
        for (int n = s.next[head]; n != head; n = s.next[n]) {
            w += s.weight[n];
            c++;
            if (c > count) {
                break;
            }
        }
        if (w != weight || c != count) {
            throw new IllegalStateException(policy + ": list " + list + " says weight=" + weight + " count=" + count
                    + " but holds weight=" + w + " count=" + c);
        }
    }
}
