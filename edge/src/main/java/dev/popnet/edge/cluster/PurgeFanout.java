package dev.popnet.edge.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
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
 * Sends a purge to every node of the PoP through a Hazelcast topic, and to every node of the PoPs named in
 * {@code cluster.peer-pops} through the same topic of their clusters. Each node (the sender too) applies
 * it to its own cache and acknowledges in its cluster's ack map; the sender's result counts the nodes
 * that acknowledged within {@code cluster.purge-ack-timeout}. A member that dies meanwhile is not waited
 * for.
 */
public final class PurgeFanout implements AutoCloseable {
    static final String TOPIC = "popnet-purge";
    static final String ACKS = "popnet-purge-acks";
    private static final long ACK_TTL_SECONDS = 120;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("dev.popnet.edge.cluster");

    /** A purge as sent; {@code mac} signs the rest with the PoP's secret (see {@link ClusterTrust}). */
    record Message(String id, PurgeRequest request, String mac) implements Serializable {
        static Message signed(String id, PurgeRequest request, ClusterTrust trust) {
            return new Message(id, request, trust.sign(text(id, request)));
        }

        boolean verifiedBy(ClusterTrust trust) {
            return id != null && request != null && trust.verify(text(id, request), mac);
        }

        private static String text(String id, PurgeRequest r) {
            return "popnet purge|" + id + "|" + r.kind() + "|" + r.value().length() + ":" + r.value() + "|" + r.site();
        }
    }

    private final PopCluster cluster;
    private final PurgeTarget local;
    private final ITopic<Object> topic;
    private final IMap<String, Long> acks;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final UUID topicListener;
    private final UUID ackListener;
    private final PeerPops peers;
    private final Set<HazelcastInstance> peerAckListeners = ConcurrentHashMap.newKeySet();

    public PurgeFanout(PopCluster cluster, PurgeTarget local) {
        this.cluster = cluster;
        this.local = local;
        this.topic = cluster.hazelcast().getTopic(TOPIC);
        this.acks = cluster.hazelcast().getMap(ACKS);
        this.ackListener = acks.addEntryListener((EntryAddedListener<String, Long>) this::acknowledged, true);
        this.topicListener = topic.addMessageListener(m -> apply(m.getMessageObject()));
        this.peers = new PeerPops(cluster.config());
        for (HazelcastInstance peer : peers.clients()) {
            peer.getLifecycleService().addLifecycleListener(e -> {
                if (e.getState() == LifecycleEvent.LifecycleState.CLIENT_CONNECTED) {
                    listenForAcks(peer);
                }
            });
            listenForAcks(peer);
        }
    }

    /** Registers for a peer PoP's acks once it is reachable (the client re-registers after reconnects). */
    private boolean listenForAcks(HazelcastInstance peer) {
        synchronized (peerAckListeners) {
            if (peerAckListeners.contains(peer)) {
                return true;
            }
            try {
                IMap<String, Long> peerAcks = peer.getMap(ACKS);
                peerAcks.addEntryListener((EntryAddedListener<String, Long>) this::acknowledged, true);
                peerAckListeners.add(peer);
                return true;
            } catch (RuntimeException offline) {
                return false;
            }
        }
    }

    /** How many of the configured peer PoPs this node can publish to and hear acks from right now. */
    int peerPopsConnected() {
        return (int) peers.clients().stream().filter(this::listenForAcks).count();
    }

    /**
     * Nodes a purge still waits for: members of this PoP that have not left since, and every expected
     * node of a peer PoP (a peer's member list seen through a client can lag; those wait for the timeout).
     */
    private Set<String> stillExpected(Pending p) {
        Set<String> local = cluster.members().stream().map(PopMember::id).collect(Collectors.toSet());
        Set<String> keep = new HashSet<>();
        for (String id : p.expected) {
            if (local.contains(id) || !p.localAtSend.contains(id)) {
                keep.add(id);
            }
        }
        return keep;
    }

    /** Ids of the live nodes a purge goes to: this PoP's members and those of reachable peer PoPs. */
    private Set<String> liveNodes() {
        Set<String> ids = cluster.members().stream().map(PopMember::id).collect(Collectors.toCollection(HashSet::new));
        for (HazelcastInstance peer : peers.clients()) {
            try {
                peer.getCluster().getMembers().forEach(m -> ids.add(m.getUuid().toString()));
            } catch (RuntimeException offline) {
                // A peer PoP we cannot reach has no nodes to wait for.
            }
        }
        return ids;
    }

    /** Purges on every node of the PoP; completes when all live nodes acknowledged or on timeout. */
    public CompletableFuture<PurgeResult> purge(PurgeRequest request) {
        String id = UUID.randomUUID().toString();
        Set<String> localAtSend = cluster.members().stream().map(PopMember::id).collect(Collectors.toSet());
        Pending p = new Pending(id, liveNodes(), localAtSend);
        pending.put(id, p);
        Duration timeout = cluster.config().purgeAckTimeout();
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> finish(p));
        Message message = Message.signed(id, request, cluster.trust());
        topic.publish(message);
        for (HazelcastInstance peer : peers.clients()) {
            try {
                if (!listenForAcks(peer)) {
                    throw new IllegalStateException("peer PoP offline");
                }
                peer.getTopic(TOPIC).publish(message);
            } catch (RuntimeException offline) {
                // Counted as not reached: the result is incomplete, not an error.
                synchronized (p) {
                    p.popsUnreached++;
                }
            }
        }
        return p.result;
    }

    private void apply(Object received) {
        if (!(received instanceof Message m) || !m.verifiedBy(cluster.trust())) {
            LOG.warning("PoP " + cluster.pop() + ": a purge without a valid signature was dropped");
            return;
        }
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
            if (p.acked.add(key.substring(bar + 1))) {
                p.removed += e.getValue();
            }
        }
        Set<String> alive = stillExpected(p);
        boolean done;
        synchronized (p) {
            Set<String> waiting = new HashSet<>(p.expected);
            waiting.retainAll(alive);
            done = p.acked.containsAll(waiting) && p.popsUnreached == 0;
        }
        if (done) {
            finish(p);
        }
    }

    private void finish(Pending p) {
        pending.remove(p.id);
        sweep(p);
        synchronized (p) {
            Set<String> alive = stillExpected(p);
            Set<String> waiting = new HashSet<>(p.expected);
            waiting.retainAll(alive);
            boolean complete = p.acked.containsAll(waiting) && p.popsUnreached == 0;
            p.result.complete(new PurgeResult(p.id, p.acked.size(), p.expected.size(), p.removed,
                    p.popsUnreached, complete));
        }
    }

    /** Reads acks whose events did not arrive (a listener still registering, say) straight from the maps. */
    private void sweep(Pending p) {
        Set<String> missing;
        synchronized (p) {
            missing = new HashSet<>(p.expected);
            missing.removeAll(p.acked);
        }
        for (String member : missing) {
            Long removed = readAck(p.id + "|" + member);
            if (removed != null) {
                synchronized (p) {
                    if (p.acked.add(member)) {
                        p.removed += removed;
                    }
                }
            }
        }
    }

    private Long readAck(String key) {
        try {
            Long v = cluster.isRunning() ? acks.get(key) : null;
            for (HazelcastInstance peer : peers.clients()) {
                if (v == null && peerAckListeners.contains(peer)) {
                    v = peer.<String, Long>getMap(ACKS).get(key);
                }
            }
            return v;
        } catch (RuntimeException unreachable) {
            return null;
        }
    }

    @Override
    public void close() {
        peers.close();
        if (cluster.isRunning()) {
            topic.removeMessageListener(topicListener);
            acks.removeEntryListener(ackListener);
        }
    }

    private static final class Pending {
        final String id;
        final Set<String> expected;
        final Set<String> localAtSend;
        final Set<String> acked = new HashSet<>();
        final CompletableFuture<PurgeResult> result = new CompletableFuture<>();
        long removed;
        int popsUnreached;

        Pending(String id, Set<String> expected, Set<String> localAtSend) {
            this.localAtSend = localAtSend;
            this.id = id;
            this.expected = expected;
        }
    }
}
