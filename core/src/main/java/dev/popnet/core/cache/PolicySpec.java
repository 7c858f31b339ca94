package dev.popnet.core.cache;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A policy named with optional parameters: {@code name} or {@code name(key=value,key=value)}. */
public final class PolicySpec {
    private final String name;
    private final Map<String, String> params;
    private final Set<String> used = new HashSet<>();

    private PolicySpec(String name, Map<String, String> params) {
        this.name = name;
        this.params = params;
    }

    public static PolicySpec parse(String spec) {
        String s = spec.trim();
        int open = s.indexOf('(');
        if (open < 0) {
            return new PolicySpec(PolicyRegistry.lower(s), Map.of());
        }
        if (!s.endsWith(")")) {
            throw new IllegalArgumentException("policy '" + spec + "': parameters go in parentheses, e.g. s3fifo(ghost=1.0)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String part : s.substring(open + 1, s.length() - 1).split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("policy '" + spec + "': '" + part.trim() + "' is not key=value");
            }
            params.put(PolicyRegistry.lower(part.substring(0, eq)), part.substring(eq + 1).trim());
        }
        return new PolicySpec(PolicyRegistry.lower(s.substring(0, open)), params);
    }

    /** Splits a comma-separated list of specs, keeping the commas inside parentheses. */
    public static List<String> splitList(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                out.add(list.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(list.substring(start).trim());
        out.removeIf(String::isEmpty);
        return out;
    }

    public String name() {
        return name;
    }

    /** The parameters as written (keys lower-cased). */
    public Map<String, String> params() {
        return Map.copyOf(params);
    }

    double number(String key, double otherwise) {
        String v = take(key);
        try {
            return v == null ? otherwise : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("policy " + name + ": " + key + " must be a number, got '" + v + "'");
        }
    }

    int integer(String key, int otherwise) {
        String v = take(key);
        try {
            return v == null ? otherwise : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("policy " + name + ": " + key + " must be a whole number, got '" + v + "'");
        }
    }

    private String take(String key) {
        used.add(key);
        return params.get(key);
    }

    void checkAllUsed(String policy) {
        for (String key : params.keySet()) {
            if (!used.contains(key)) {
                throw new IllegalArgumentException("policy " + policy + " has no parameter '" + key + "'"
                        + (used.isEmpty() ? " (it takes none)" : " (it takes " + String.join(", ", used) + ")"));
            }
        }
    }
}
