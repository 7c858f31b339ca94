package dev.popnet.simulator.trace;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.popnet.simulator.workload.Request;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Trace formats popnet replays, each a factory of cursors. Any of them may be zstd-compressed (told by
 * the zstd magic number, not by the name). {@link #detect} names the format of a file from its content
 * where the format has a signature (lcs, vscsi) and otherwise from the names libCacheSim gives its files;
 * anything else must be named, never guessed.
 */
public enum TraceFormat {
    /** Text with {@code time,id,size} columns; a header line names them (also {@code lbn}, {@code obj_id}, {@code obj_size}), or a {@link ColumnSpec} does. */
    CSV("csv"),
    /** libCacheSim oracleGeneral: 24-byte little-endian records (uint32 time, uint64 id, uint32 size, int64 next access). */
    @JsonProperty("oracle-general")
    ORACLE_GENERAL("oracle-general"),
    /** libCacheSim lcs: a 1024-byte self-describing header, then fixed-size records. */
    @JsonProperty("lcs")
    LCS("lcs"),
    /** VMware vscsi block traces, version 1 or 2 (told by the records). */
    @JsonProperty("vscsi")
    VSCSI("vscsi"),
    /** Plain text, one object id a line. */
    @JsonProperty("txt")
    TXT("txt"),
    /** Twitter cache cluster csv: timestamp, key, key size, value size, client, operation, TTL; size is key + value. */
    @JsonProperty("twitter")
    TWITTER("twitter"),
    /** ARC paper traces: "first-block count ..." lines, each standing for count consecutive blocks. */
    @JsonProperty("arc")
    ARC("arc"),
    /** LIRS paper traces: one block a line, '*' lines are markers. */
    @JsonProperty("lirs")
    LIRS("lirs"),
    /** Wikimedia CDN traces (2019+): whitespace-separated relative_unix, hashed_path_query, [image_type,] response_size, ... */
    WIKIMEDIA("wikimedia");

    private final String cliName;

    TraceFormat(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in scenario files. */
    public String cliName() {
        return cliName;
    }

    /** A format by its name ({@code oracle-general}, {@code csv}, ...); unknown names are an error listing the known ones. */
    public static TraceFormat named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (n.equals("oraclegeneral") || n.equals("oracle")) {
            return ORACLE_GENERAL;
        }
        for (TraceFormat f : values()) {
            if (f.cliName.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown trace format '" + name + "' (known: "
                + Arrays.stream(values()).map(TraceFormat::cliName).collect(Collectors.joining(", ")) + ")");
    }

    /** Opens a cursor over the trace; csv may take a column spec (null: header names or time,id,size). */
    public TraceCursor cursor(Path path, ColumnSpec columns) {
        TraceInput input = TraceInput.open(path);
        try {
            byte[] head = input.peek();
            if (head.length == 0) {
                throw new TraceException(path + ": empty trace" + (input.compressed() ? " (after zstd decompression)" : ""));
            }
            if (columns != null && this != CSV) {
                throw new TraceException(path + ": a csv column spec only applies to the csv format, not " + cliName);
            }
            return switch (this) {
                case ORACLE_GENERAL -> new BinaryTrace(input, BinaryLayout.ORACLE_GENERAL);
                case LCS -> new BinaryTrace(input, BinaryFormats.lcs(input));
                case VSCSI -> new BinaryTrace(input, BinaryFormats.vscsi(head, input));
                case CSV -> new TextTrace(input, LineFormats.csv(path, columns));
                case TXT -> new TextTrace(input, LineFormats.plain());
                case TWITTER -> new TextTrace(input, LineFormats.twitter());
                case ARC -> new TextTrace(input, LineFormats.arc());
                case LIRS -> new TextTrace(input, LineFormats.lirs());
                case WIKIMEDIA -> new TextTrace(input, LineFormats.wikimedia());
            };
        } catch (RuntimeException e) {
            input.close();
            throw e;
        }
    }

    /**
     * The format of a file: lcs and vscsi by their content (through zstd if compressed), else by the
     * names libCacheSim gives its traces ({@code *.oracleGeneral*}, {@code *.lcs*}, {@code *.vscsi*},
     * {@code *.csv}, {@code *.txt}); any other file needs the format named.
     */
    public static TraceFormat detect(Path path) {
        byte[] head;
        try (TraceInput input = TraceInput.open(path)) {
            head = input.peek();
        }
        if (head.length == 0) {
            throw new TraceException(path + ": empty trace");
        }
        if (BinaryFormats.isLcs(head)) {
            return LCS;
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String bare = name.replaceAll("\\.(zst|zstd)(\\.\\d+)?$", "");
        if (bare.contains("oraclegeneral")) {
            return ORACLE_GENERAL;
        }
        if (bare.contains(".vscsi") || bare.endsWith("vscsi") || BinaryFormats.vscsiVersion(head) != 0 && bare.endsWith(".bin")) {
            return VSCSI;
        }
        if (bare.endsWith(".csv")) {
            return CSV;
        }
        if (bare.endsWith(".txt")) {
            return TXT;
        }
        throw new TraceException(path + ": cannot tell the trace format from the file; name it with --trace-format ("
                + Arrays.stream(values()).map(TraceFormat::cliName).collect(Collectors.joining(", ")) + ")");
    }

    /** The trace as requests, times relative to the first request and converted from {@code unit} to nanoseconds. */
    public Stream<Request> open(Path path, TraceSpec.TimeUnitName unit) {
        TraceCursor cursor = cursor(path, null);
        Iterator<Request> it = new Iterator<>() {
            private boolean ready;
            private boolean more;
            private long first = Long.MIN_VALUE;

            @Override
            public boolean hasNext() {
                if (!ready) {
                    more = cursor.advance();
                    ready = true;
                }
                return more;
            }

            @Override
            public Request next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ready = false;
                if (first == Long.MIN_VALUE) {
                    first = cursor.time();
                }
                return new Request(unit.toNanos(cursor.time() - first), cursor.id(), cursor.size());
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(cursor::close);
    }
}
