package dev.popnet.edge.cluster;

import com.hazelcast.topic.ITopic;
import java.io.Serializable;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Sends a purge to every node of the PoP through a Hazelcast topic, and to the PoPs named in
 * {@code cluster.peer-pops} through their edges' HTTP purge API (see {@link PeerPops}). Each node of the
 * PoP (the sender too) applies it to its own cache and answers with a signed acknowledgement on a second
 * topic; the result counts the proven members that acknowledged within {@code cluster.purge-ack-timeout},
 * plus what each peer PoP answered. A member that leaves meanwhile is not waited for. Acknowledgements
 * go member to member, never through a partitioned map, so no partition migration can delay them.
 */
public final class PurgeFanout implements AutoCloseable {
    static final String TOPIC = "popnet-purge";
    static final String ACK_TOPIC = "popnet-purge-acks";
    /** The header a purge from a peer PoP, and the answer to it, carry their signature in. */
    public static final String PEER_SIGNATURE_HEADER = "X-Popnet-Signature";
    private static final Logger LOG = Logger.getLogger("dev.popnet.edge.cluster");

    /** A purge as sent; {@code mac} signs the rest with the PoP's secret (see {@link ClusterTrust}). */
    record Message(String id, long sent, PurgeRequest request, String mac) implements Serializable {
        static Message signed(String id, long sent, PurgeRequest request, ClusterTrust trust) {
            return new Message(id, sent, request, trust.sign(text(id, sent, request)));
        }

        boolean verifiedBy(ClusterTrust trust) {
            return id != null && request != null && trust.verify(text(id, sent, request), mac);
        }

        private static String text(String id, long sent, PurgeRequest r) {
            return "popnet purge|" + id + "|" + sent + "|" + r.kind() + "|" + r.value().length() + ":" + r.value() + "|" + r.site()
                    + "|" + r.soft();
        }
    }

    /** A member's report that it applied purge {@code purge}, removing {@code removed} objects; signed like a purge. */
    record Ack(String purge, String member, long removed, String mac) implements Serializable {
        static Ack signed(String purge, String member, long removed, ClusterTrust trust) {
            return new Ack(purge, member, removed, trust.sign(text(purge, member, removed)));
        }

        boolean verifiedBy(ClusterTrust trust) {
            return purge != null && member != null && trust.verify(text(purge, member, removed), mac);
        }

        private static String text(String purge, String member, long removed) {
            return "popnet purge ack|" + purge + "|" + member + "|" + removed;
        }
    }

    /** How an edge answers a purge another PoP sent it: the HTTP status, the body and (on success) its signature. */
    public record PeerAnswer(int status, String body, String signature) {
        static CompletableFuture<PeerAnswer> refused(int status, String why) {
            return CompletableFuture.completedFuture(new PeerAnswer(status, why, null));
        }
    }

    private final PopCluster cluster;
    private final PurgeTarget local;
    private final ITopic<Object> topic;
    private final ITopic<Object> acks;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final UUID topicListener;
    private final UUID ackListener;
    private final PeerPops peers;
    private final ReplayGuard guard = new ReplayGuard(Clock.systemUTC());

    public PurgeFanout(PopCluster cluster, PurgeTarget local) {
        this.cluster = cluster;
        this.local = local;
        this.topic = cluster.hazelcast().getTopic(TOPIC);
        this.acks = cluster.hazelcast().getTopic(ACK_TOPIC);
        this.ackListener = acks.addMessageListener(m -> acknowledged(m.getMessageObject()));
        this.topicListener = topic.addMessageListener(m -> apply(m.getMessageObject()));
        this.peers = new PeerPops(cluster.config(), cluster.trust());
        cluster.onMembershipChange(members -> pending.values().forEach(this::finishIfDone));
    }

    /** Purges on every node of the PoP and of its peer PoPs; completes when all answered or at the timeouts. */
    public CompletableFuture<PurgeResult> purge(PurgeRequest request) {
        CompletableFuture<PurgeResult> own = withinPop(request);
        if (peers.none()) {
            return own;
        }
        List<CompletableFuture<PurgeResult>> others = peers.send(request, guard.now());
        return CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).thenCombine(own,
                (done, mine) -> mine.plus(others.stream().map(CompletableFuture::join).toList()));
    }

    /**
     * Applies a purge another PoP sent through this edge's purge API: checks its signature and that it is
     * new, purges this PoP only (never onwards, so PoPs that name each other do not loop) and answers
     * with the result, signed for that purge.
     */
    public CompletableFuture<PeerAnswer> fromPeerPop(String body, String signature) {
        ClusterTrust trust = cluster.trust();
        if (!trust.secured()) {
            return PeerAnswer.refused(403, "PoP " + cluster.pop() + " has no cluster.secret: it takes no purges from other PoPs");
        }
        if (signature == null || !trust.verify(PeerPurge.signedText(body), signature)) {
            return PeerAnswer.refused(401, "the purge is not signed with this PoP's cluster.secret");
        }
        PeerPurge purge;
        try {
            purge = PeerPurge.parse(body);
        } catch (IllegalArgumentException e) {
            return PeerAnswer.refused(400, e.getMessage());
        }
        if (!guard.firstSeen(purge.id(), purge.sent())) {
            return PeerAnswer.refused(409, "purge " + purge.id() + " was applied before or was sent more than "
                    + ReplayGuard.WINDOW.toMinutes() + " minutes from now");
        }
        return withinPop(purge.request()).thenApply(r -> {
            String answer = purge.answer(r);
            return new PeerAnswer(200, answer, trust.sign(PeerPurge.signedAnswer(answer)));
        });
    }

    /** Purges on every node of this PoP; completes when all live proven members acknowledged or on timeout. */
    private CompletableFuture<PurgeResult> withinPop(PurgeRequest request) {
        String id = UUID.randomUUID().toString();
        Pending p = new Pending(id, memberIds());
        pending.put(id, p);
        CompletableFuture.delayedExecutor(cluster.config().purgeAckTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> finish(p));
        topic.publish(Message.signed(id, guard.now(), request, cluster.trust()));
        return p.result;
    }

    private Set<String> memberIds() {
        return cluster.members().stream().map(PopMember::id).collect(Collectors.toSet());
    }

    private void apply(Object received) {
        if (!(received instanceof Message m) || !m.verifiedBy(cluster.trust())) {
            LOG.warning("PoP " + cluster.pop() + ": a purge without a valid signature was dropped");
            return;
        }
        if (!guard.firstSeen(m.id(), m.sent())) {
            LOG.warning("PoP " + cluster.pop() + ": purge " + m.id() + " came again or out of time; dropped");
            return;
        }
        long removed = local.purgeLocally(m.request());
        acks.publish(Ack.signed(m.id(), cluster.self().id(), removed, cluster.trust()));
    }

    private void acknowledged(Object received) {
        if (!(received instanceof Ack a) || !a.verifiedBy(cluster.trust())) {
            LOG.warning("PoP " + cluster.pop() + ": a purge acknowledgement without a valid signature was dropped");
            return;
        }
        Pending p = pending.get(a.purge());
        if (p == null) {
            return;
        }
        synchronized (p) {
            if (p.expected.contains(a.member()) && p.acked.add(a.member())) {
                p.removed += a.removed();
            }
        }
        finishIfDone(p);
    }

    /** Done once every member expected and still alive acknowledged. */
    private void finishIfDone(Pending p) {
        Set<String> alive = memberIds();
        synchronized (p) {
            Set<String> waiting = new HashSet<>(p.expected);
            waiting.retainAll(alive);
            if (!p.acked.containsAll(waiting)) {
                return;
            }
        }
        finish(p);
    }

    private void finish(Pending p) {
        pending.remove(p.id);
        Set<String> alive = memberIds();
        synchronized (p) {
            Set<String> waiting = new HashSet<>(p.expected);
            waiting.retainAll(alive);
            p.result.complete(new PurgeResult(p.id, p.acked.size(), p.expected.size(), p.removed, 0, p.acked.containsAll(waiting)));
        }
    }

    @Override
    public void close() {
        if (cluster.isRunning()) {
            topic.removeMessageListener(topicListener);
            acks.removeMessageListener(ackListener);
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
