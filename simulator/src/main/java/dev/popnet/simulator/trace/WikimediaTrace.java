package dev.popnet.simulator.trace;

import dev.popnet.simulator.workload.Request;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Wikimedia's public CDN request traces: whitespace-separated {@code relative_unix hashed_path_query
 * response_size ...} (text cluster) or {@code relative_unix hashed_path_query image_type response_size ...}
 * (upload cluster). A header line starting with a letter is skipped.
 */
final class WikimediaTrace {
    private WikimediaTrace() {
    }

    static Stream<Request> open(Path path, TraceSpec.TimeUnitName unit) {
        try {
            BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
            long[] state = {0, Long.MIN_VALUE}; // line number, first time
            return reader.lines().map(line -> {
                state[0]++;
                return parse(path, line, state, unit);
            }).filter(r -> r != null).onClose(() -> {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new TraceException(path + ": cannot open: " + e.getMessage(), e);
        }
    }

    private static Request parse(Path path, String line, long[] state, TraceSpec.TimeUnitName unit) {
        String trimmed = line.trim();
        if (trimmed.isEmpty() || Character.isLetter(trimmed.charAt(0))) {
            return null;
        }
        String[] f = trimmed.split("\\s+");
        try {
            long time = Long.parseLong(f[0]);
            long id = Long.parseLong(f[1]);
            long size = isInteger(f[2]) ? Long.parseLong(f[2]) : Long.parseLong(f[3]);
            if (state[1] == Long.MIN_VALUE) {
                state[1] = time;
            }
            return new Request(unit.toNanos(time - state[1]), id, size);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new TraceException(path + ": line " + state[0] + ": not a Wikimedia trace line: '" + line + "'");
        }
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
}
