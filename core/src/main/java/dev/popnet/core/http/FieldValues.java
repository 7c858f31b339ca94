package dev.popnet.core.http;

import java.util.ArrayList;
import java.util.List;

/** Splitting list-valued fields (RFC 9110 §5.6.1): commas inside quoted strings do not separate. */
public final class FieldValues {
    private FieldValues() {
    }

    /** The non-empty members of a (combined) list value, trimmed of optional whitespace; empty for null. */
    public static List<String> elements(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\') {
                i++; // quoted-pair: the next character is literal
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                add(out, value, start, i);
                start = i + 1;
            }
        }
        add(out, value, start, value.length());
        return out;
    }

    private static void add(List<String> out, String value, int from, int to) {
        String member = value.substring(from, to).strip();
        if (!member.isEmpty()) {
            out.add(member);
        }
    }

    /** Whether a list value has the token as a whole member (case-insensitive), e.g. {@code close} in Connection. */
    public static boolean hasToken(String value, String token) {
        for (String member : elements(value)) {
            if (member.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** The first member of a list value, for singleton fields received as a list (RFC 9111 §5.1 Age). */
    public static String first(String value) {
        List<String> members = elements(value);
        return members.isEmpty() ? null : members.get(0);
    }

    /** Unquotes a quoted-string (RFC 9110 §5.6.4), resolving quoted-pairs; other values come back unchanged. */
    public static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length() - 2);
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                c = value.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
