package dev.popnet.edge.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a PoP-wide purge went.
 *
 * @param id             the purge's id, as the nodes acknowledged it
 * @param nodesApplied   nodes that reported applying it before the ack timeout
 * @param nodesExpected  live members when the purge was sent
 * @param objectsRemoved objects removed over all reporting nodes
 * @param popsUnreached  configured peer PoPs the purge could not be sent to, or that gave no valid answer
 * @param complete       whether every node still alive reported in time and every peer PoP was reached and complete
 */
public record PurgeResult(String id, int nodesApplied, int nodesExpected, long objectsRemoved, int popsUnreached,
        boolean complete) {

    /** This PoP's result with the peer PoPs' answers added; null stands for a peer PoP not reached. */
    PurgeResult plus(List<PurgeResult> peers) {
        int applied = nodesApplied;
        int expected = nodesExpected;
        long removed = objectsRemoved;
        int unreached = popsUnreached;
        boolean all = complete;
        for (PurgeResult p : peers) {
            if (p == null) {
                unreached++;
                all = false;
            } else {
                applied += p.nodesApplied;
                expected += p.nodesExpected;
                removed += p.objectsRemoved;
                all &= p.complete;
            }
        }
        return new PurgeResult(id, applied, expected, removed, unreached, all);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("nodes_applied", nodesApplied);
        m.put("nodes_expected", nodesExpected);
        m.put("objects_removed", objectsRemoved);
        m.put("pops_unreached", popsUnreached);
        m.put("complete", complete);
        return m;
    }
}
