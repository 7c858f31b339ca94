package dev.popnet.core.http;

import java.util.List;
import java.util.function.Function;

/**
 * Read access to a header set, so the rules here work on Vert.x headers, stored responses and simulator
 * requests alike. A field may arrive on several lines: singleton fields (Date, ETag, Age) are read with
 * {@link #get}, list-valued fields (Cache-Control, Vary, Pragma, Connection...) with {@link #list}, which
 * combines every line as RFC 9110 §5.3 says, so a directive on a second line is never missed.
 */
@FunctionalInterface
public interface Headers {
    Headers NONE = name -> null;

    /** The value of the named field's first line (case-insensitive), or null. */
    String get(String name);

    /**
     * Every line of the named field, in order, joined with ", " (RFC 9110 §5.3), or null. A source that
     * holds one line per field (a lambda over a map) needs no override.
     */
    default String list(String name) {
        return get(name);
    }

    /**
     * Headers over a source that keeps every line of a field: {@code first} gives the first line or null,
     * {@code lines} all of them (Vert.x: {@code Headers.ofLines(m::get, m::getAll)}).
     */
    static Headers ofLines(Function<String, String> first, Function<String, List<String>> lines) {
        return new Headers() {
            @Override
            public String get(String name) {
                return first.apply(name);
            }

            @Override
            public String list(String name) {
                if (first.apply(name) == null) {
                    return null;
                }
                List<String> all = lines.apply(name);
                return all.size() == 1 ? all.get(0) : String.join(", ", all);
            }
        };
    }
}
