package dev.popnet.origin;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns a raw request path into a safe relative file path. Anything that could climb out of the
 * content root or mean two things at once is refused: dot segments, encoded slashes and backslashes,
 * NUL, double encoding, malformed escapes.
 */
final class PathGuard {

    /** A relative path inside the root, or the status to answer (400 malformed, 404 refused). */
    record Result(String relativePath, int status) {
        boolean ok() {
            return status == 0;
        }
    }

    private PathGuard() {
    }

    static Result check(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return new Result(null, 400);
        }
        String lower = rawPath.toLowerCase(java.util.Locale.ROOT);
        if (rawPath.indexOf('\\') >= 0 || lower.contains("%5c") || lower.contains("%2f") || lower.contains("%00")) {
            return new Result(null, 400);
        }
        String decoded = decode(rawPath);
        if (decoded == null || decoded.indexOf('\0') >= 0 || decoded.indexOf('\\') >= 0) {
            return new Result(null, 400);
        }
        if (decoded.matches("(?s).*%[0-9a-fA-F]{2}.*")) {
            return new Result(null, 400); // double encoding: one decode must give the real name
        }
        StringBuilder relative = new StringBuilder();
        for (String segment : decoded.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals("..") || segment.equals(".")) {
                return new Result(null, 404);
            }
            if (relative.length() > 0) {
                relative.append('/');
            }
            relative.append(segment);
        }
        return new Result(relative.toString(), 0);
    }

    /** Strict percent-decoding (RFC 3986 §2.1); null when an escape is malformed or the bytes are not UTF-8. */
    static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7f) {
                return null;
            } else {
                out.write(c);
            }
        }
        byte[] bytes = out.toByteArray();
        String decoded = new String(bytes, StandardCharsets.UTF_8);
        return java.util.Arrays.equals(decoded.getBytes(StandardCharsets.UTF_8), bytes) ? decoded : null;
    }
}
