package dev.popnet.simulator.report;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A tree of maps, lists, strings and numbers as JSON, laid out as Jackson's default pretty printer lays
 * it out ({@code "key" : value}, two spaces a level, arrays on one line). For a report written where
 * nothing else needs Jackson: a small replay, whose whole run is shorter than Jackson's set-up.
 */
public final class PrettyJson {
    private PrettyJson() {
    }

    /** Maps (in their iteration order), lists, strings, numbers, booleans and null; no trailing newline. */
    public static String render(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, int level) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                sb.append("{ }");
                return;
            }
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> fields = map.entrySet().iterator();
            while (fields.hasNext()) {
                Map.Entry<?, ?> f = fields.next();
                sb.append('\n').append("  ".repeat(level + 1));
                string(sb, String.valueOf(f.getKey()));
                sb.append(" : ");
                write(sb, f.getValue(), level + 1);
                if (fields.hasNext()) {
                    sb.append(',');
                }
            }
            sb.append('\n').append("  ".repeat(level)).append('}');
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                sb.append("[ ]");
                return;
            }
            sb.append("[ ");
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                write(sb, list.get(i), level);
            }
            sb.append(" ]");
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                sb.append(value);
            } else {
                string(sb, value.toString()); // as Jackson writes NaN and infinities: quoted
            }
        } else if (value instanceof Number || value instanceof Boolean || value == null) {
            sb.append(value);
        } else {
            string(sb, value.toString());
        }
    }

    /** Quoted, with Jackson's escapes: quote and backslash, the short forms of \b \t \n \f \r, other controls as \\u00XX. */
    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                                .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
