package dev.popnet.simulator.trace;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The line parsers of the text trace formats. */
final class LineFormats {
    private static final List<String> TIME = List.of("time", "timestamp", "clock_time", "ts");
    private static final List<String> ID = List.of("id", "obj_id", "object_id", "key", "lbn");
    private static final List<String> SIZE = List.of("size", "obj_size", "object_size", "bytes");

    private LineFormats() {
    }

    /**
     * csv: with a column spec, its columns; without one, columns named in a header line (time, id and
     * size under any of their usual names) or {@code time,id,size} when the first line is data.
     */
    static TextTrace.LineParser csv(Path path, ColumnSpec spec) {
        return new TextTrace.LineParser() {
            private ColumnSpec columns = spec;

            @Override
            public int parse(String line, long lineNo, TextTrace.Request out) {
                if (lineNo == 1 && isHeader(line)) {
                    if (columns == null) {
                        columns = fromHeader(path, line);
                    }
                    return 0;
                }
                if (columns == null) {
                    columns = new ColumnSpec(1, 2, 3, ',', false, true);
                }
                String[] f = split(line, columns.delimiter());
                out.time = columns.timeCol() == 0 ? lineNo : Long.parseLong(f[columns.timeCol() - 1].trim());
                String id = f[columns.idCol() - 1];
                out.id = columns.idIsNumber() ? Long.parseLong(id.trim()) : TextTrace.hashId(id);
                out.size = columns.sizeCol() == 0 ? 1 : Long.parseLong(f[columns.sizeCol() - 1].trim());
                return 1;
            }

            private boolean isHeader(String line) {
                if (columns != null && columns.hasHeader() != null) {
                    return columns.hasHeader();
                }
                String t = line.trim();
                return !t.isEmpty() && !Character.isDigit(t.charAt(0)) && t.charAt(0) != '-';
            }
        };
    }

    private static ColumnSpec fromHeader(Path path, String line) {
        String[] cols = line.toLowerCase(Locale.ROOT).split(",");
        return new ColumnSpec(find(path, cols, TIME, "time") + 1, find(path, cols, ID, "id") + 1, find(path, cols, SIZE, "size") + 1,
                ',', true, true);
    }

    private static int find(Path path, String[] cols, List<String> names, String what) {
        for (int i = 0; i < cols.length; i++) {
            if (names.contains(cols[i].trim())) {
                return i;
            }
        }
        throw new TraceException(path + ": line 1: header has no " + what + " column (looked for " + names + ")");
    }

    /** Twitter's cache cluster traces: timestamp, anonymized key, key size, value size, client id, operation, TTL. */
    static TextTrace.LineParser twitter() {
        return (line, lineNo, out) -> {
            String[] f = split(line, ',');
            out.time = Long.parseLong(f[0].trim());
            out.id = TextTrace.hashId(f[1]);
            out.size = Long.parseLong(f[2].trim()) + Long.parseLong(f[3].trim());
            return 1;
        };
    }

    /** Wikimedia CDN traces: relative_unix, hashed_path_query, [image_type,] response_size, ...; a header line is skipped. */
    static TextTrace.LineParser wikimedia() {
        return (line, lineNo, out) -> {
            String t = line.trim();
            if (Character.isLetter(t.charAt(0))) {
                return 0;
            }
            String[] f = t.split("\\s+");
            out.time = Long.parseLong(f[0]);
            out.id = Long.parseLong(f[1]);
            out.size = isInteger(f[2]) ? Long.parseLong(f[2]) : Long.parseLong(f[3]);
            return 1;
        };
    }

    /** Plain text: one object id a line (a number, or any text, hashed); size 1, time = line number. */
    static TextTrace.LineParser plain() {
        return (line, lineNo, out) -> {
            out.time = lineNo;
            out.id = TextTrace.idOf(line);
            out.size = 1;
            return 1;
        };
    }

    /** LIRS traces: one block number a line; lines starting with '*' are markers, not requests. */
    static TextTrace.LineParser lirs() {
        return (line, lineNo, out) -> {
            String t = line.trim();
            if (t.startsWith("*")) {
                return 0;
            }
            out.time = lineNo;
            out.id = Long.parseLong(t);
            out.size = 1;
            return 1;
        };
    }

    /** ARC traces: "first-block count ignored request-number": count consecutive blocks from first-block. */
    static TextTrace.LineParser arc() {
        return (line, lineNo, out) -> {
            String[] f = line.trim().split("\\s+");
            out.time = lineNo;
            out.id = Long.parseLong(f[0]);
            out.size = 1;
            int count = Integer.parseInt(f[1]);
            if (count < 1) {
                throw new NumberFormatException("block count " + count);
            }
            return count;
        };
    }

    private static boolean isInteger(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = s.charAt(0) == '-' ? 1 : 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String[] split(String line, char delimiter) {
        if (delimiter == ' ') {
            return line.trim().split("\\s+");
        }
        String d = String.valueOf(delimiter);
        return line.split(".$|()[{^?*+\\".indexOf(delimiter) >= 0 ? "\\" + d : d, -1);
    }
}
