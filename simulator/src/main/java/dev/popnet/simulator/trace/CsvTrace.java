package dev.popnet.simulator.trace;

import dev.popnet.simulator.workload.Request;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** CSV traces: columns found by header name, or {@code time,id,size} when the first line is data. */
final class CsvTrace {
    private static final List<String> TIME = List.of("time", "timestamp", "clock_time", "ts");
    private static final List<String> ID = List.of("id", "obj_id", "object_id", "key", "lbn");
    private static final List<String> SIZE = List.of("size", "obj_size", "object_size", "bytes");

    private CsvTrace() {
    }

    static Stream<Request> open(Path path, TraceSpec.TimeUnitName unit) {
        try {
            BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
            Iterator<Request> it = new Reader(path, reader, unit);
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                    .onClose(() -> close(reader));
        } catch (IOException e) {
            throw new TraceException(path + ": cannot open: " + e.getMessage(), e);
        }
    }

    private static void close(BufferedReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Reader implements Iterator<Request> {
        private final Path path;
        private final BufferedReader reader;
        private final TraceSpec.TimeUnitName unit;
        private int timeCol = 0;
        private int idCol = 1;
        private int sizeCol = 2;
        private long lineNo;
        private long firstTime = Long.MIN_VALUE;
        private String pending;

        Reader(Path path, BufferedReader reader, TraceSpec.TimeUnitName unit) throws IOException {
            this.path = path;
            this.reader = reader;
            this.unit = unit;
            String first = readLine();
            if (first != null && !first.isEmpty() && !Character.isDigit(first.trim().charAt(0))) {
                header(first);
                pending = readLine();
            } else {
                pending = first;
            }
        }

        private void header(String line) {
            String[] cols = line.toLowerCase(Locale.ROOT).split(",");
            timeCol = find(cols, TIME, "time");
            idCol = find(cols, ID, "id");
            sizeCol = find(cols, SIZE, "size");
        }

        private int find(String[] cols, List<String> names, String what) {
            for (int i = 0; i < cols.length; i++) {
                if (names.contains(cols[i].trim())) {
                    return i;
                }
            }
            throw new TraceException(path + ": line 1: header has no " + what + " column (looked for " + names + ")");
        }

        private String readLine() throws IOException {
            String line;
            do {
                line = reader.readLine();
                lineNo++;
            } while (line != null && line.isBlank());
            return line;
        }

        @Override
        public boolean hasNext() {
            return pending != null;
        }

        @Override
        public Request next() {
            if (pending == null) {
                throw new NoSuchElementException();
            }
            String line = pending;
            long at = lineNo;
            try {
                pending = readLine();
            } catch (IOException e) {
                throw new TraceException(path + ": line " + (at + 1) + ": " + e.getMessage(), e);
            }
            String[] f = line.split(",");
            try {
                long time = Long.parseLong(f[timeCol].trim());
                if (firstTime == Long.MIN_VALUE) {
                    firstTime = time;
                }
                return new Request(unit.toNanos(time - firstTime), Long.parseLong(f[idCol].trim()), Long.parseLong(f[sizeCol].trim()));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new TraceException(path + ": line " + at + ": expected numbers in columns time,id,size: '" + line + "'");
            }
        }
    }
}
