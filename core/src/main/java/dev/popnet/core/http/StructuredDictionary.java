package dev.popnet.core.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict parser for Structured Field Dictionaries (RFC 8941 §4.2.2), the syntax of targeted cache
 * control fields such as {@code CDN-Cache-Control} (RFC 9213 §2.1). Members map to their bare item:
 * {@code Long} (integer), {@code Double} (decimal), {@code String} (string), {@link Token},
 * {@code Boolean}, or {@code null} for byte sequences and inner lists, which no cache directive uses.
 * Parameters are read and dropped. A field that does not parse is invalid as a whole.
 */
public final class StructuredDictionary {
    /** A token item, kept apart from strings since a directive may accept one and not the other. */
    public record Token(String value) {
    }

    private final String s;
    private int i;

    private StructuredDictionary(String s) {
        this.s = s;
    }

    /** The members in order (a repeated key keeps its last value, §4.2.2), or null when the field is not a valid dictionary. */
    public static Map<String, Object> parse(String field) {
        if (field == null) {
            return null;
        }
        try {
            return new StructuredDictionary(field).dictionary();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Map<String, Object> dictionary() {
        Map<String, Object> out = new LinkedHashMap<>();
        skip(' ');
        while (i < s.length()) {
            String key = key();
            Object value = Boolean.TRUE;
            if (peek() == '=') {
                i++;
                value = peek() == '(' ? innerList() : bareItem();
            }
            parameters();
            out.put(key, value);
            skipOws();
            if (i >= s.length()) {
                return out;
            }
            expect(',');
            skipOws();
            if (i >= s.length()) {
                throw new IllegalArgumentException("trailing comma");
            }
        }
        return out;
    }

    private Object innerList() {
        expect('(');
        while (peek() != ')') {
            skip(' ');
            if (peek() == ')') {
                break;
            }
            bareItem();
            parameters();
            if (peek() != ' ' && peek() != ')') {
                throw new IllegalArgumentException("bad inner list");
            }
        }
        i++;
        return null;
    }

    private void parameters() {
        while (peek() == ';') {
            i++;
            skip(' ');
            key();
            if (peek() == '=') {
                i++;
                bareItem();
            }
        }
    }

    private String key() {
        char c = peek();
        if (!(c >= 'a' && c <= 'z') && c != '*') {
            throw new IllegalArgumentException("bad key");
        }
        int start = i;
        while (i < s.length() && ((s.charAt(i) >= 'a' && s.charAt(i) <= 'z') || (s.charAt(i) >= '0' && s.charAt(i) <= '9')
                || "_-.*".indexOf(s.charAt(i)) >= 0)) {
            i++;
        }
        return s.substring(start, i);
    }

    private Object bareItem() {
        char c = peek();
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (c == '"') {
            return string();
        }
        if (c == '?') {
            i++;
            char b = peek();
            if (b != '0' && b != '1') {
                throw new IllegalArgumentException("bad boolean");
            }
            i++;
            return b == '1';
        }
        if (c == ':') {
            int end = s.indexOf(':', i + 1);
            if (end < 0 || !s.substring(i + 1, end).matches("[A-Za-z0-9+/=]*")) {
                throw new IllegalArgumentException("bad byte sequence");
            }
            i = end + 1;
            return null;
        }
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '*') {
            int start = i++;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "!#$%&'*+-.^_`|~:/".indexOf(s.charAt(i)) >= 0)
                    && s.charAt(i) < 128) {
                i++;
            }
            return new Token(s.substring(start, i));
        }
        throw new IllegalArgumentException("bad item");
    }

    private Object number() {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        int digits = 0;
        int dot = -1;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' && dot < 0)) {
            if (s.charAt(i) == '.') {
                dot = i;
            } else {
                digits++;
            }
            i++;
        }
        String n = s.substring(start, i);
        if (digits == 0 || dot < 0 && digits > 15 || dot >= 0 && (dot - start > 12 || i - dot - 1 > 3 || i - dot - 1 == 0)) {
            throw new IllegalArgumentException("bad number");
        }
        return dot < 0 ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '\\') {
                char n = peek();
                if (n != '"' && n != '\\') {
                    throw new IllegalArgumentException("bad escape");
                }
                sb.append(n);
                i++;
            } else if (c == '"') {
                return sb.toString();
            } else if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("bad character");
            } else {
                sb.append(c);
            }
        }
        throw new IllegalArgumentException("unterminated string");
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected " + c);
        }
        i++;
    }

    private void skip(char c) {
        while (i < s.length() && s.charAt(i) == c) {
            i++;
        }
    }

    private void skipOws() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
    }
}
