package dev.popnet.edge.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Cache-Status} field across hops (RFC 9211 §2): a list with one entry per cache, the one
 * closest to the origin first and the one closest to the user last. A node that got its response from
 * another cache (its PoP's owner, a parent PoP) keeps that hop's entries and adds its own at the end.
 */
public final class CacheStatusHops {
    private CacheStatusHops() {
    }

    /** The field this node sends: the upstream's entries (if any), then this node's own entry. */
    public static String append(String upstream, String ownEntry) {
        if (upstream == null || upstream.isBlank()) {
            return ownEntry;
        }
        return upstream.trim() + ", " + ownEntry;
    }

    /** The cache names of the entries, origin side first (commas inside quoted strings do not split). */
    public static List<String> caches(String field) {
        List<String> names = new ArrayList<>();
        if (field == null) {
            return names;
        }
        StringBuilder entry = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '"' && (i == 0 || field.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                addName(names, entry);
                entry.setLength(0);
            } else {
                entry.append(c);
            }
        }
        addName(names, entry);
        return names;
    }

    private static void addName(List<String> names, StringBuilder entry) {
        String e = entry.toString().trim();
        if (!e.isEmpty()) {
            int semi = e.indexOf(';');
            names.add((semi < 0 ? e : e.substring(0, semi)).trim());
        }
    }
}
