package dev.popnet.core.http;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 §5.6.7): IMF-fixdate out; IMF-fixdate, RFC 850 and asctime in, each exactly as
 * the grammar says (names compared case-insensitively). Anything else is not a date: an invalid
 * {@code Expires} then means "already expired" (RFC 9111 §5.3).
 */
public final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final List<String> LONG_DAYS = List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    private HttpDates() {
    }

    public static String format(long epochMillis) {
        return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Epoch milliseconds, or -1 when the value is missing or not an HTTP date. */
    public static long parse(String value) {
        if (value == null) {
            return -1;
        }
        String v = value.strip();
        int comma = v.indexOf(',');
        if (comma == 3) {
            return imfFixdate(v);
        }
        if (comma > 3) {
            return rfc850(v, comma);
        }
        return asctime(v);
    }

    /** {@code Sun, 06 Nov 1994 08:49:37 GMT} */
    private static long imfFixdate(String v) {
        if (v.length() != 29 || !DAYS.contains(lower(v, 0, 3)) || v.charAt(4) != ' ' || v.charAt(7) != ' ' || v.charAt(11) != ' '
                || v.charAt(16) != ' ' || v.charAt(25) != ' ' || !lower(v, 26, 29).equals("gmt")) {
            return -1;
        }
        return at(number(v, 12, 16), MONTHS.indexOf(lower(v, 8, 11)) + 1, number(v, 5, 7), v, 17);
    }

    /** {@code Sunday, 06-Nov-94 08:49:37 GMT}; two-digit years 70-99 are 19xx, the rest 20xx (§5.6.7). */
    private static long rfc850(String v, int comma) {
        int p = comma + 1;
        if (!LONG_DAYS.contains(lower(v, 0, comma)) || v.length() != p + 23 || v.charAt(p) != ' ' || v.charAt(p + 3) != '-'
                || v.charAt(p + 7) != '-' || v.charAt(p + 10) != ' ' || v.charAt(p + 19) != ' ' || !lower(v, p + 20, p + 23).equals("gmt")) {
            return -1;
        }
        int yy = number(v, p + 8, p + 10);
        return at(yy < 0 ? -1 : yy < 70 ? 2000 + yy : 1900 + yy, MONTHS.indexOf(lower(v, p + 4, p + 7)) + 1, number(v, p + 1, p + 3), v, p + 11);
    }

    /** {@code Sun Nov  6 08:49:37 1994} */
    private static long asctime(String v) {
        if (v.length() != 24 || !DAYS.contains(lower(v, 0, 3)) || v.charAt(3) != ' ' || v.charAt(7) != ' ' || v.charAt(10) != ' '
                || v.charAt(19) != ' ') {
            return -1;
        }
        int day = v.charAt(8) == ' ' ? number(v, 9, 10) : number(v, 8, 10);
        return at(number(v, 20, 24), MONTHS.indexOf(lower(v, 4, 7)) + 1, day, v, 11);
    }

    /** The instant of a date whose {@code HH:mm:ss} starts at {@code time}; -1 if any part is out of range. */
    private static long at(int year, int month, int day, String v, int time) {
        if (v.charAt(time + 2) != ':' || v.charAt(time + 5) != ':') {
            return -1;
        }
        int h = number(v, time, time + 2);
        int m = number(v, time + 3, time + 5);
        int s = number(v, time + 6, time + 8);
        if (year < 0 || month < 1 || day < 0 || h < 0 || m < 0 || s < 0) {
            return -1;
        }
        try {
            return LocalDateTime.of(year, month, day, h, m, Math.min(s, 59)).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeException e) {
            return -1;
        }
    }

    private static int number(String v, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static String lower(String v, int from, int to) {
        return v.substring(from, to).toLowerCase(Locale.ROOT);
    }
}
