package dev.popnet.core.cache.policy;

/** One queue, new objects at the head, victims from the tail; subclasses say what a hit does. */
abstract class QueuePolicy extends AbstractListPolicy {
    protected final NodeList list = new NodeList();

    QueuePolicy(String name, long capacity) {
        super(name, capacity);
    }

    @Override
    protected void insert(long key, long weight, boolean wasGhost) {
        Node n = new Node(key, weight);
        list.addFirst(n);
        index.put(key, n);
    }

    @Override
    protected Node evictOne() {
        Node victim = list.last();
        list.remove(victim);
        return victim;
    }

    @Override
    protected void unlink(Node n) {
        list.remove(n);
    }

    @Override
    public long usedWeight() {
        return list.weight();
    }

    @Override
    public int residentCount() {
        return list.count();
    }

    @Override
    protected void checkLists() {
        list.check(name(), "queue");
        if (list.count() != index.size()) {
            throw new IllegalStateException(name() + ": index holds " + index.size() + " keys, list " + list.count());
        }
    }
}
