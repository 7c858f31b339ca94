package dev.popnet.simulator.trace;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.popnet.simulator.workload.Request;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Trace formats popnet replays, each a factory of lazy request streams (times relative to the first request). */
public enum TraceFormat {
    /** Text with {@code time,id,size} columns; a header line names them (also {@code lbn}, {@code obj_id}, {@code obj_size}). */
    CSV(CsvTrace::open),
    /** libCacheSim oracleGeneral: 24-byte little-endian records (uint32 time, uint64 id, uint32 size, int64 next access). */
    @JsonProperty("oracle-general")
    ORACLE_GENERAL(OracleGeneralTrace::open),
    /** Wikimedia CDN traces (2019+): whitespace-separated relative_unix, hashed_path_query, [image_type,] response_size, ... */
    WIKIMEDIA(WikimediaTrace::open);

    @FunctionalInterface
    interface Opener {
        Stream<Request> open(Path path, TraceSpec.TimeUnitName unit);
    }

    private final Opener opener;

    TraceFormat(Opener opener) {
        this.opener = opener;
    }

    public Stream<Request> open(Path path, TraceSpec.TimeUnitName unit) {
        if (!java.nio.file.Files.isReadable(path)) {
            throw new TraceException(path + ": trace file not found or not readable");
        }
        return opener.open(path, unit);
    }
}
