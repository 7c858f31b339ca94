package dev.popnet.edge;

import dev.popnet.core.http.FieldValues;
import java.util.List;
import java.util.Locale;

/**
 * Accept-Encoding (RFC 9110 §12.5.3) read once and reduced to one of four values (br and gzip, br, gzip,
 * or none), so an origin that varies on it makes a few variants of an object instead of one per
 * browser's spelling.
 */
final class AcceptEncoding {
    private AcceptEncoding() {
    }

    /** The normalised value to send on, or null for none (identity only). */
    static String bucket(List<String> lines) {
        String value = lines.isEmpty() ? null : String.join(",", lines);
        boolean br = accepts(value, "br");
        boolean gzip = accepts(value, "gzip");
        return br && gzip ? "br, gzip" : br ? "br" : gzip ? "gzip" : null;
    }

    /** Whether the value accepts the coding: named (or {@code *}) with a q above 0, and not named with q=0. */
    static boolean accepts(String value, String coding) {
        Double named = null;
        Double star = null;
        for (String member : FieldValues.elements(value)) {
            String[] parts = member.split(";");
            String name = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = quality(parts);
            if (name.equals(coding) || coding.equals("gzip") && name.equals("x-gzip")) {
                named = named == null ? q : Math.max(named, q);
            } else if (name.equals("*")) {
                star = q;
            }
        }
        return named != null ? named > 0 : star != null && star > 0;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2).strip());
                } catch (NumberFormatException e) {
                    return 0; // an unreadable weight accepts nothing
                }
            }
        }
        return 1;
    }
}
