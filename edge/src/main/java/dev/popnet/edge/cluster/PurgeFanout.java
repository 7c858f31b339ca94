package dev.popnet.edge.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.topic.ITopic;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Sends a purge to every node of the PoP through a Hazelcast topic. Each node (the sender too) applies
 * it to its own cache and acknowledges in a shared map; the sender's result counts the nodes that
 * acknowledged within {@code cluster.purge-ack-timeout}. A member that dies meanwhile is not waited for.
 */
public final class PurgeFanout implements AutoCloseable {
    static final String TOPIC = "popnet-purge";
    static final String ACKS = "popnet-purge-acks";
    private static final long ACK_TTL_SECONDS = 120;

    record Message(String id, PurgeRequest request) implements Serializable {
    }

    private final PopCluster cluster;
    private final PurgeTarget local;
    private final ITopic<Message> topic;
    private final IMap<String, Long> acks;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final UUID topicListener;
    private final UUID ackListener;

    public PurgeFanout(PopCluster cluster, PurgeTarget local) {
        this.cluster = cluster;
        this.local = local;
        this.topic = cluster.hazelcast().getTopic(TOPIC);
        this.acks = cluster.hazelcast().getMap(ACKS);
        this.ackListener = acks.addEntryListener((EntryAddedListener<String, Long>) this::acknowledged, true);
        this.topicListener = topic.addMessageListener(m -> apply(m.getMessageObject()));
    }

    /** Purges on every node of the PoP; completes when all live nodes acknowledged or on timeout. */
    public CompletableFuture<PurgeResult> purge(PurgeRequest request) {
        String id = UUID.randomUUID().toString();
        Set<String> expected = cluster.members().stream().map(PopMember::id).collect(Collectors.toSet());
        Pending p = new Pending(id, expected);
        pending.put(id, p);
        Duration timeout = cluster.config().purgeAckTimeout();
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> finish(p));
        topic.publish(new Message(id, request));
        return p.result;
    }

    private void apply(Message m) {
        long removed = local.purgeLocally(m.request());
        acks.put(m.id() + "|" + cluster.self().id(), removed, ACK_TTL_SECONDS, TimeUnit.SECONDS);
    }

    private void acknowledged(EntryEvent<String, Long> e) {
        String key = e.getKey();
        int bar = key.indexOf('|');
        Pending p = pending.get(key.substring(0, bar));
        if (p == null) {
            return;
        }
        synchronized (p) {
            p.acked.add(key.substring(bar + 1));
            p.removed += e.getValue();
        }
        Set<String> alive = cluster.members().stream().map(PopMember::id).collect(Collectors.toSet());
        boolean done;
        synchronized (p) {
            Set<String> waiting = new HashSet<>(p.expected);
            waiting.retainAll(alive);
            done = p.acked.containsAll(waiting);
        }
        if (done) {
            finish(p);
        }
    }

    private void finish(Pending p) {
        pending.remove(p.id);
        synchronized (p) {
            Set<String> alive = cluster.members().stream().map(PopMember::id).collect(Collectors.toSet());
            Set<String> waiting = new HashSet<>(p.expected);
            waiting.retainAll(alive);
            boolean complete = p.acked.containsAll(waiting);
            p.result.complete(new PurgeResult(p.id, p.acked.size(), p.expected.size(), p.removed, complete));
        }
    }

    @Override
    public void close() {
        if (cluster.isRunning()) {
            topic.removeMessageListener(topicListener);
            acks.removeEntryListener(ackListener);
        }
    }

    private static final class Pending {
        final String id;
        final Set<String> expected;
        final Set<String> acked = new HashSet<>();
        final CompletableFuture<PurgeResult> result = new CompletableFuture<>();
        long removed;

        Pending(String id, Set<String> expected) {
            this.id = id;
            this.expected = expected;
        }
    }
}
