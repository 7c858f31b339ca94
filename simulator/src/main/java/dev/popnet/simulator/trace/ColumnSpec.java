package dev.popnet.simulator.trace;

import java.util.Locale;

/**
 * Which columns of a csv trace hold what, written like libCacheSim's trace-type parameters:
 * {@code time-col=1;obj-id-col=2;obj-size-col=3;delimiter=,;has-header=true;obj-id-is-num=true}.
 * Columns count from 1; a missing time column means the line number, a missing size column size 1.
 *
 * @param hasHeader null: a first line that does not start with a digit is taken as a header
 */
public record ColumnSpec(int timeCol, int idCol, int sizeCol, char delimiter, Boolean hasHeader, boolean idIsNumber) {
    public ColumnSpec {
        if (idCol < 1) {
            throw new IllegalArgumentException("obj-id-col must be given, counting from 1");
        }
        if (timeCol < 0 || sizeCol < 0) {
            throw new IllegalArgumentException("column numbers count from 1");
        }
    }

    public static ColumnSpec parse(String text) {
        int time = 0;
        int id = 0;
        int size = 0;
        char delimiter = ',';
        Boolean header = null;
        boolean numeric = true;
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("csv column spec: '" + part + "' is not key=value");
            }
            String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = part.substring(eq + 1);
            switch (key) {
                case "time-col" -> time = column(key, value);
                case "obj-id-col" -> id = column(key, value);
                case "obj-size-col" -> size = column(key, value);
                case "delimiter" -> delimiter = delimiter(value);
                case "has-header" -> header = bool(key, value);
                case "obj-id-is-num" -> numeric = bool(key, value);
                default -> throw new IllegalArgumentException("csv column spec: unknown key '" + key
                        + "' (known: time-col, obj-id-col, obj-size-col, delimiter, has-header, obj-id-is-num)");
            }
        }
        return new ColumnSpec(time, id, size, delimiter, header, numeric);
    }

    private static int column(String key, String value) {
        try {
            int c = Integer.parseInt(value.trim());
            if (c < 1) {
                throw new IllegalArgumentException("csv column spec: " + key + " counts from 1, got " + value);
            }
            return c;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("csv column spec: " + key + " must be a column number, got '" + value + "'");
        }
    }

    private static char delimiter(String value) {
        return switch (value) {
            case "tab", "\\t", "\t" -> '\t';
            case "space", " " -> ' ';
            default -> {
                if (value.length() != 1) {
                    throw new IllegalArgumentException("csv column spec: delimiter must be one character, tab or space, got '" + value + "'");
                }
                yield value.charAt(0);
            }
        };
    }

    private static boolean bool(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("csv column spec: " + key + " must be true or false, got '" + value + "'");
        };
    }
}
