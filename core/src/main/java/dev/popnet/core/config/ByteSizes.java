package dev.popnet.core.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses byte sizes as people write them. Both meanings of a prefix are accepted, and the spelling says
 * which one:
 * <ul>
 * <li>decimal (SI): {@code kB}/{@code KB}, {@code MB}, {@code GB}, {@code TB} are powers of 1000
 * ({@code 203MB} = 203,000,000 bytes);</li>
 * <li>binary (IEC): {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB}, and the bare letters {@code k},
 * {@code m}, {@code g}, {@code t} (with or without a trailing {@code i}), are powers of 1024
 * ({@code 203MiB} = 212,860,928 bytes).</li>
 * </ul>
 * Note that libCacheSim reads {@code MB} as MiB; write {@code MiB} to mean the same capacity.
 */
public final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b)?");

    private ByteSizes() {
    }

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a byte size: '" + text + "' (use e.g. 4096, 64KiB, 512MiB, 2GB; KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024)");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        return Math.round(amount * Math.pow(isBinary(unit) ? 1024 : 1000, exponent(unit)));
    }

    /** True when the size is written with a decimal (SI) unit such as {@code MB}, which libCacheSim would read as binary. */
    public static boolean isDecimal(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        return m.matches() && m.group(2) != null && exponent(m.group(2)) > 0 && !isBinary(m.group(2));
    }

    /** The size the same text means with binary prefixes (libCacheSim's reading of {@code MB}). */
    public static long parseBinary(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return parse(text);
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        return Math.round(Double.parseDouble(m.group(1)) * Math.pow(1024, exponent(unit)));
    }

    private static boolean isBinary(String unit) {
        return unit.contains("i") || unit.length() == 1 && !unit.equals("b");
    }

    private static int exponent(String unit) {
        return switch (unit.charAt(0)) {
            case 'k' -> 1;
            case 'm' -> 2;
            case 'g' -> 3;
            case 't' -> 4;
            default -> 0;
        };
    }
}
