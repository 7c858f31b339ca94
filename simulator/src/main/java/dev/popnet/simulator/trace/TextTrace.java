package dev.popnet.simulator.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over a line-oriented trace. Each non-blank line goes to the format's {@link LineParser}, which
 * fills in the request (or says the line is a header or comment, or that it stands for a run of requests).
 */
final class TextTrace implements TraceCursor {
    /** Parses one line into {@code out}; returns how many requests it stands for (0: skip it). */
    @FunctionalInterface
    interface LineParser {
        int parse(String line, long lineNo, Request out);
    }

    /** The request being built; a line standing for n requests asks for ids id, id+1, ..., id+n-1. */
    static final class Request {
        long time;
        long id;
        long size = 1;
    }

    private final TraceInput input;
    private final BufferedReader reader;
    private final LineParser parser;
    private final Request current = new Request();
    private long lineNo;
    private int remaining;
    private long nextId;

    TextTrace(TraceInput input, LineParser parser) {
        this.input = input;
        this.reader = new BufferedReader(new InputStreamReader(input.stream(), StandardCharsets.UTF_8), 1 << 16);
        this.parser = parser;
    }

    @Override
    public boolean advance() {
        if (remaining > 1) {
            remaining--;
            current.id = ++nextId;
            return true;
        }
        while (true) {
            String line;
            try {
                line = reader.readLine();
            } catch (IOException e) {
                throw input.failure("line " + (lineNo + 1), e);
            }
            if (line == null) {
                return false;
            }
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            int n;
            try {
                n = parser.parse(line, lineNo, current);
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new TraceException(input.path() + ": line " + lineNo + ": " + describe(e) + ": '" + abbreviate(line) + "'");
            }
            if (n > 0) {
                remaining = n;
                nextId = current.id;
                return true;
            }
        }
    }

    private static String describe(RuntimeException e) {
        return e instanceof NumberFormatException ? "not a number where one is expected" : "too few columns";
    }

    private static String abbreviate(String line) {
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }

    @Override
    public long time() {
        return current.time;
    }

    @Override
    public long id() {
        return current.id;
    }

    @Override
    public long size() {
        return current.size;
    }

    @Override
    public String position() {
        return "line " + lineNo;
    }

    @Override
    public void close() {
        input.close();
    }

    /** A 64-bit id for a textual key (FNV-1a then a mix), for traces whose ids are strings. */
    static long hashId(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    /** A decimal id when the text is one, else the hash of the text. */
    static long idOf(String text) {
        String t = text.trim();
        if (!t.isEmpty() && t.length() < 20 && t.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(t);
        }
        return hashId(t);
    }
}
