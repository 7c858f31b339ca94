package dev.popnet.edge.store;

import dev.popnet.core.cache.CacheKey;
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
 */
public final class KeyIndex {
    /** Between the path and the key in an ordered entry; a normalised target never contains it. */
    private static final char SEPARATOR = '\u0000';
    private final ConcurrentSkipListSet<String> byPath = new ConcurrentSkipListSet<>();
    private final ConcurrentHashMap<String, Set<String>> byTag = new ConcurrentHashMap<>();

    void add(String primaryKey) {
        byPath.add(entry(primaryKey));
    }

    void remove(String primaryKey, List<String> tags) {
        byPath.remove(entry(primaryKey));
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
        for (String e : byPath.subSet(from, to)) {
            keys.add(e.substring(e.indexOf(SEPARATOR) + 1));
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

    private static String entry(String primaryKey) {
        return new CacheKey(primaryKey).pathAndQuery() + SEPARATOR + primaryKey;
    }
}
