package dev.popnet.edge.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a PoP-wide purge went.
 *
 * @param id             the purge's id, as the nodes acknowledged it
 * @param nodesApplied   nodes that reported applying it before the ack timeout
 * @param nodesExpected  live members when the purge was sent
 * @param objectsRemoved objects removed over all reporting nodes
 * @param popsUnreached  configured peer PoPs the purge could not be sent to
 * @param complete       whether every node still alive reported in time and every peer PoP was reached
 */
public record PurgeResult(String id, int nodesApplied, int nodesExpected, long objectsRemoved, int popsUnreached,
        boolean complete) {

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
