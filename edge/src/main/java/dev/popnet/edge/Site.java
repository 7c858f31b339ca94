package dev.popnet.edge;

import java.util.HashSet;
import java.util.Set;

/** A site as it serves requests: its config with the top-level defaults filled in, and its way to the origin. */
final class Site {
    final SiteConfig config;
    final Set<String> ignoredParams;
    final boolean ignoreQuery;
    final SiteOrigin origin;
    /** A site of the config's list, not the one the top-level origin makes for every host. */
    final boolean listed;

    Site(SiteConfig config, EdgeConfig edge, SiteOrigin origin) {
        this.config = config;
        this.listed = !edge.sites().isEmpty();
        this.ignoredParams = Set.copyOf(new HashSet<>(config.ignoredParams() == null ? edge.ignoredParams() : config.ignoredParams()));
        this.ignoreQuery = config.ignoreQuery() == null ? edge.ignoreQuery() : config.ignoreQuery();
        this.origin = origin;
    }

    String name() {
        return config.name();
    }

    /** Whether a host (normalised, port or not) is one of this site's. */
    boolean serves(String host) {
        String name = Sites.withoutPort(host);
        for (String pattern : config.hosts()) {
            if (pattern.equals("*") || pattern.equals(name) || pattern.startsWith("*.") && name.endsWith(pattern.substring(1))) {
                return true;
            }
        }
        return false;
    }

    /** A purge sent to this site removes only its objects, unless its scope is all. */
    boolean purgesOnlyItself() {
        return config.purgeScope().equals("site");
    }
}
