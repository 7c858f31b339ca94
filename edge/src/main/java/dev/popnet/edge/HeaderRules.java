package dev.popnet.edge;

import dev.popnet.core.config.Check;
import dev.popnet.core.http.HeaderList;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;

/**
 * Header fields a site removes and sets on what passes one way (see configs/edge.yaml, "sites"); removal
 * first, so a field can be replaced.
 *
 * @param set    fields set to these values (replacing every line of the field)
 * @param remove fields removed
 */
public record HeaderRules(Map<String, String> set, List<String> remove) {
    public HeaderRules {
        set = set == null ? Map.of() : Map.copyOf(set);
        remove = remove == null ? List.of() : List.copyOf(remove);
        for (Map.Entry<String, String> e : set.entrySet()) {
            Check.that(token(e.getKey()), "set", e.getKey(), "a field name must be a token (letters, digits, !#$%&'*+-.^_`|~)");
            Check.that(e.getValue() != null && e.getValue().chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0), "set." + e.getKey(),
                    e.getValue(), "a field value must be one line");
        }
        for (String name : remove) {
            Check.that(token(name), "remove", name, "a field name must be a token (letters, digits, !#$%&'*+-.^_`|~)");
        }
    }

    public static HeaderRules none() {
        return new HeaderRules(Map.of(), List.of());
    }

    boolean isEmpty() {
        return set.isEmpty() && remove.isEmpty();
    }

    void apply(MultiMap headers) {
        remove.forEach(headers::remove);
        set.forEach(headers::set);
    }

    HeaderList apply(HeaderList headers) {
        HeaderList out = headers.without(remove.toArray(String[]::new));
        for (Map.Entry<String, String> e : set.entrySet()) {
            out = out.with(e.getKey(), e.getValue());
        }
        return out;
    }

    private static boolean token(String s) {
        return s != null && !s.isEmpty() && s.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
    }
}
