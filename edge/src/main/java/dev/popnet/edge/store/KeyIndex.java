package dev.popnet.edge.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The purge indexes over the primary keys a store holds: an ordered one by path (and query), then key,
 * for purge by URL on every host and by path prefix; an inverted one from surrogate key to primary keys.
 * Both are concurrent, so a purge walks only what it removes and never holds a store lock while it
 * looks. The shards keep them exact: a key is added with its first variant and removed with its last.
 *
 * <p>The ordered index holds the primary keys themselves (the strings the shards hold already), ordered
 * as if each were its path and query, a separator, then the key: no string of its own per key.
 */
public final class KeyIndex {
    /** Between the path and the key in an ordered entry; a normalised target never contains it. */
    private static final char SEPARATOR = '\u0000';
    private final ConcurrentSkipListSet<Object> byPath = new ConcurrentSkipListSet<>(KeyIndex::compare);
    private final ConcurrentHashMap<String, Set<String>> byTag = new ConcurrentHashMap<>();

    /** A bound of a range of the ordered index: compared as the text itself, not as a key's entry. */
    private record Bound(String text) {
    }

    void add(String primaryKey) {
        byPath.add(primaryKey);
    }

    void remove(String primaryKey, List<String> tags) {
        byPath.remove(primaryKey);
        untag(primaryKey, tags);
    }

    void tag(String primaryKey, List<String> tags) {
        for (String t : tags) {
            byTag.computeIfAbsent(t, k -> ConcurrentHashMap.newKeySet()).add(primaryKey);
        }
    }

    void untag(String primaryKey, List<String> tags) {
        for (String t : tags) {
            byTag.computeIfPresent(t, (k, keys) -> keys.remove(primaryKey) && keys.isEmpty() ? null : keys);
        }
    }

    void clear() {
        byPath.clear();
        byTag.clear();
    }

    /** The primary keys whose path and query is exactly {@code pathAndQuery}, on any host. */
    public List<String> withPath(String pathAndQuery) {
        return keys(pathAndQuery + SEPARATOR, pathAndQuery + (char) (SEPARATOR + 1));
    }

    /** The primary keys whose path and query starts with {@code prefix}, on any host. */
    public List<String> withPrefix(String prefix) {
        return keys(prefix, prefix + Character.MAX_VALUE);
    }

    public List<String> withTag(String tag) {
        Set<String> keys = byTag.get(tag);
        return keys == null ? List.of() : List.copyOf(keys);
    }

    private List<String> keys(String from, String to) {
        List<String> keys = new ArrayList<>();
        for (Object e : byPath.subSet(new Bound(from), new Bound(to))) {
            keys.add((String) e);
        }
        return keys;
    }

    /** Entries of the ordered index (one per primary key). */
    public int size() {
        return byPath.size();
    }

    /** Surrogate keys indexed. */
    public int tags() {
        return byTag.size();
    }

    /** Orders keys as their entries (path and query, separator, key) and bounds as their text, char by char. */
    private static int compare(Object a, Object b) {
        Entry x = Entry.of(a);
        Entry y = Entry.of(b);
        int n = Math.min(x.length(), y.length());
        for (int i = 0; i < n; i++) {
            char c = x.charAt(i);
            char d = y.charAt(i);
            if (c != d) {
                return Character.compare(c, d);
            }
        }
        return Integer.compare(x.length(), y.length());
    }

    /** The ordered entry of a key (or a bound's text) read in place: {@code text[from..]}, then the separator and {@code text} for a key. */
    private record Entry(String text, int from, boolean key) {
        static Entry of(Object o) {
            if (o instanceof Bound b) {
                return new Entry(b.text(), 0, false);
            }
            String k = (String) o;
            return new Entry(k, k.indexOf('/', k.indexOf("://") + 3), true);
        }

        /** The key's path and query (as {@link dev.popnet.core.cache.CacheKey#pathAndQuery()}: "/" when it has none). */
        int pathLength() {
            return from < 0 ? 1 : text.length() - from;
        }

        int length() {
            return key ? pathLength() + 1 + text.length() : text.length();
        }

        char charAt(int i) {
            if (!key) {
                return text.charAt(i);
            }
            int path = pathLength();
            if (i < path) {
                return from < 0 ? '/' : text.charAt(from + i);
            }
            return i == path ? SEPARATOR : text.charAt(i - path - 1);
        }
    }
}
