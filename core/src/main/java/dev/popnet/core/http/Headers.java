package dev.popnet.core.http;

/** Read access to a header set, so the rules here work on Vert.x headers, stored responses and simulator requests alike. */
@FunctionalInterface
public interface Headers {
    Headers NONE = name -> null;

    /** The first value of the named header (case-insensitive), or null. */
    String get(String name);
}
