package dev.popnet.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.popnet.simulator.trace.TraceException;
import dev.popnet.simulator.trace.TraceFormat;
import dev.popnet.simulator.trace.TraceSpec;
import dev.popnet.simulator.workload.Request;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceFormatTest {
    @TempDir
    Path dir;

    private static List<Request> read(TraceFormat f, Path p) {
        try (Stream<Request> s = f.open(p, TraceSpec.TimeUnitName.S)) {
            return s.toList();
        }
    }

    @Test
    void csvWithHeaderFindsColumnsByName() throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "version,time,op,size,lbn\n1,100,r,512,7\n1,102,r,4096,8\n\n1,105,w,512,7\n");
        List<Request> r = read(TraceFormat.CSV, f);
        assertEquals(List.of(new Request(0, 7, 512), new Request(2_000_000_000L, 8, 4096), new Request(5_000_000_000L, 7, 512)), r);
    }

    @Test
    void csvWithoutHeaderIsTimeIdSize() throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "10,1,100\n11,2,200\n");
        assertEquals(List.of(new Request(0, 1, 100), new Request(1_000_000_000L, 2, 200)), read(TraceFormat.CSV, f));
    }

    @Test
    void malformedLinesNameFileAndLine() throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "time,id,size\n1,2,3\n1,x,3\n");
        TraceException e = assertThrows(TraceException.class, () -> read(TraceFormat.CSV, f));
        assertTrue(e.getMessage().contains("bad.csv: line 3"), e.getMessage());
        Path noId = dir.resolve("noid.csv");
        Files.writeString(noId, "time,foo,size\n1,2,3\n");
        assertTrue(assertThrows(TraceException.class, () -> read(TraceFormat.CSV, noId)).getMessage().contains("no id column"));
    }

    @Test
    void oracleGeneralRecords() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(50).putLong(1234567890123L).putInt(4096).putLong(1);
        b.putInt(53).putLong(42).putInt(0xFFFFFFF0).putLong(-1);
        Path f = dir.resolve("t.bin");
        Files.write(f, b.array());
        assertEquals(List.of(new Request(0, 1234567890123L, 4096), new Request(3_000_000_000L, 42, 0xFFFFFFF0L)),
                read(TraceFormat.ORACLE_GENERAL, f));
        Files.write(dir.resolve("short.bin"), new byte[30]);
        assertTrue(assertThrows(TraceException.class, () -> read(TraceFormat.ORACLE_GENERAL, dir.resolve("short.bin")))
                .getMessage().contains("ends inside record 1 (records are 24 bytes); truncated"));
    }

    @Test
    void wikimediaTextAndUploadLines() throws Exception {
        Path f = dir.resolve("wiki.tsv");
        Files.writeString(f, "relative_unix\thashed_path_query\timage_type\tresponse_size\ttime_firstbyte\n"
                + "0\t12345\tjpeg\t20480\t0.001\n3\t999\tpng\t1024\t0.002\n");
        assertEquals(List.of(new Request(0, 12345, 20480), new Request(3_000_000_000L, 999, 1024)), read(TraceFormat.WIKIMEDIA, f));
        Path text = dir.resolve("text.tsv");
        Files.writeString(text, "10 55 300 0.1\n");
        assertEquals(List.of(new Request(0, 55, 300)), read(TraceFormat.WIKIMEDIA, text));
    }

    @Test
    void sampleTraceBothEncodingsHoldTheSameRequestCount() {
        Path shared = Path.of(System.getProperty("popnet.shared.dir", "../shared"), "traces");
        assumeTrue(Files.exists(shared.resolve("cloudPhysicsIO.csv")), "sample traces not present");
        assertEquals(113_872, read(TraceFormat.CSV, shared.resolve("cloudPhysicsIO.csv")).size());
        assertEquals(113_872, read(TraceFormat.ORACLE_GENERAL, shared.resolve("cloudPhysicsIO.oracleGeneral.bin")).size());
    }

    @Test
    void missingFile() {
        assertTrue(assertThrows(TraceException.class, () -> read(TraceFormat.CSV, dir.resolve("none.csv"))).getMessage().contains("not found"));
    }
}
