package dev.popnet.edge.cluster;

import dev.popnet.core.routing.RendezvousHash;
import java.util.List;

/**
 * Which live member of the PoP owns each cache key: rendezvous hashing (the same {@link RendezvousHash}
 * the simulator uses) over the members' edge HTTP addresses, so a member joining or leaving moves only the
 * keys it wins or held, and a node that restarts on the same address gets its old keys back (its
 * Hazelcast uuid is new each time, so it is not what is hashed). Rebuilt on every membership change; lookups read one immutable snapshot.
 */
public final class PopOwnership {
    private record Snapshot(List<PopMember> members, long[] hashes) {
    }

    private volatile Snapshot snapshot;

    public PopOwnership(PopCluster cluster) {
        update(cluster.members());
        cluster.onMembershipChange(this::update);
    }

    private void update(List<PopMember> members) {
        long[] hashes = new long[members.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = RendezvousHash.memberHash(members.get(i).httpAddress());
        }
        snapshot = new Snapshot(members, hashes);
    }

    /** The hash rendezvous scores a cache key with (the key's bytes, FNV-1a then mixed). */
    public static long keyHash(String cacheKey) {
        return RendezvousHash.memberHash(cacheKey);
    }

    public PopMember ownerOf(String cacheKey) {
        Snapshot s = snapshot;
        return s.members().get(RendezvousHash.ownerIndex(keyHash(cacheKey), s.hashes()));
    }

    public boolean isLocal(String cacheKey) {
        return ownerOf(cacheKey).local();
    }
}
