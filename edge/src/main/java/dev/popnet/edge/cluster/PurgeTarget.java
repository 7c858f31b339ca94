package dev.popnet.edge.cluster;

/** A node's own cache as the purge fan-out sees it. */
@FunctionalInterface
public interface PurgeTarget {
    /** Removes what the request selects from this node's cache; returns how many objects went. */
    long purgeLocally(PurgeRequest request);
}
