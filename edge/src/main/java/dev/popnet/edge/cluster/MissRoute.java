package dev.popnet.edge.cluster;

/**
 * Where an edge node sends a cache miss. A node that does not own the key asks the owner (one fetch
 * per PoP); the owner, or any node asked by a peer, goes to the parent PoP when one is configured,
 * else to the origin. {@code storeLocally} says whether the node keeps the answer in its own cache.
 */
public record MissRoute(Hop hop, String address, boolean storeLocally) {

    /** Marks a fetch from a peer of the same PoP; its value is the PoP name. The owner never forwards it. */
    public static final String INTRA_POP_HEADER = "X-Popnet-Pop-Fetch";

    public enum Hop { OWNER, PARENT, ORIGIN }

    /**
     * @param ownership      the PoP's key owners
     * @param cacheKey       the missed key
     * @param fromPeer       whether the request carried {@link #INTRA_POP_HEADER}
     * @param parentUrl      the parent (shield) PoP's base URL, or empty for none
     * @param keepHotLocally whether a non-owner also stores what the owner sent
     */
    public static MissRoute of(PopOwnership ownership, String cacheKey, boolean fromPeer, String parentUrl,
            boolean keepHotLocally) {
        PopMember owner = ownership.ownerOf(cacheKey);
        if (!fromPeer && !owner.local()) {
            return new MissRoute(Hop.OWNER, "http://" + owner.httpAddress(), keepHotLocally);
        }
        if (!parentUrl.isEmpty()) {
            return new MissRoute(Hop.PARENT, parentUrl, true);
        }
        return new MissRoute(Hop.ORIGIN, null, true);
    }
}
