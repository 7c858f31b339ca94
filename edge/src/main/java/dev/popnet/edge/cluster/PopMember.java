package dev.popnet.edge.cluster;

/**
 * One live edge node of the PoP.
 *
 * @param id          the Hazelcast member uuid, stable for the life of the member
 * @param httpAddress the edge's HTTP address (host:port), where other members fetch keys it owns
 * @param local       whether this is the node asking
 */
public record PopMember(String id, String httpAddress, boolean local) {
}
