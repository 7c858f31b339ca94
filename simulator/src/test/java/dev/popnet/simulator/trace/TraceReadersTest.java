package dev.popnet.simulator.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every trace format read back from bytes written here by hand, and every way a trace can be bad. */
class TraceReadersTest {
    @TempDir
    Path dir;

    /** time, id, size, next access of every request. */
    private static List<List<Long>> read(TraceFormat f, Path p, ColumnSpec columns) {
        List<List<Long>> out = new ArrayList<>();
        try (TraceCursor c = f.cursor(p, columns)) {
            while (c.advance()) {
                out.add(List.of(c.time(), c.id(), c.size(), c.nextAccess()));
            }
        }
        return out;
    }

    private static byte[] oracle(long[]... records) {
        ByteBuffer b = ByteBuffer.allocate(24 * records.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long[] r : records) {
            b.putInt((int) r[0]).putLong(r[1]).putInt((int) r[2]).putLong(r[3]);
        }
        return b.array();
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private Path text(String name, String content) throws Exception {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Long> req(long time, long id, long size) {
        return List.of(time, id, size, TraceCursor.UNKNOWN);
    }

    @Test
    void oracleGeneralCarriesNextAccess() throws Exception {
        Path p = write("t.oracleGeneral.bin", oracle(new long[] {7, 1, 100, 2}, new long[] {8, 1, 100, -1}));
        assertEquals(List.of(List.of(7L, 1L, 100L, 2L), List.of(8L, 1L, 100L, TraceCursor.NEVER)), read(TraceFormat.ORACLE_GENERAL, p, null));
        assertEquals(TraceFormat.ORACLE_GENERAL, TraceFormat.detect(p));
    }

    @Test
    void zstdIsToldByItsMagicNumberWhateverTheName() throws Exception {
        byte[] raw = oracle(new long[] {1, 5, 10, -1}, new long[] {2, 6, 20, -1});
        Path p = write("anything.oracleGeneral.bin", Zstd.compress(raw));
        assertEquals(List.of(List.of(1L, 5L, 10L, TraceCursor.NEVER), List.of(2L, 6L, 20L, TraceCursor.NEVER)),
                read(TraceFormat.ORACLE_GENERAL, p, null));
        Path csv = write("x.csv.zst", Zstd.compress("time,id,size\n1,2,3\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(TraceFormat.CSV, TraceFormat.detect(csv));
        assertEquals(List.of(req(1, 2, 3)), read(TraceFormat.CSV, csv, null));
    }

    @Test
    void aZstdFileIsDecompressedNotReplayedAsRecords() throws Exception {
        Path p = write("bad.oracleGeneral.zst", Zstd.compress(new byte[30]));
        TraceException e = assertThrows(TraceException.class, () -> read(TraceFormat.ORACLE_GENERAL, p, null));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        byte[] good = Zstd.compress(oracle(new long[] {1, 1, 1, -1}, new long[] {2, 2, 2, -1}));
        Path broken = write("cut.oracleGeneral.bin.zst", java.util.Arrays.copyOf(good, good.length - 3));
        TraceException e2 = assertThrows(TraceException.class, () -> read(TraceFormat.ORACLE_GENERAL, broken, null));
        assertTrue(e2.getMessage().contains("cut.oracleGeneral.bin.zst"), e2.getMessage());
    }

    @Test
    void emptyTracesAreErrors() throws Exception {
        Path empty = write("empty.csv", new byte[0]);
        assertTrue(assertThrows(TraceException.class, () -> read(TraceFormat.CSV, empty, null)).getMessage().contains("empty trace"));
        assertTrue(assertThrows(TraceException.class, () -> TraceFormat.detect(empty)).getMessage().contains("empty trace"));
        Path emptyZst = write("empty.oracleGeneral.zst", Zstd.compress(new byte[0]));
        assertTrue(assertThrows(TraceException.class, () -> read(TraceFormat.ORACLE_GENERAL, emptyZst, null)).getMessage()
                .contains("after zstd decompression"));
    }

    @Test
    void unknownNamesAreErrorsNotGuesses() throws Exception {
        Path p = text("requests.log", "1 2 3\n");
        TraceException e = assertThrows(TraceException.class, () -> TraceFormat.detect(p));
        assertTrue(e.getMessage().contains("--trace-format"), e.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> TraceFormat.named("parquet"));
        assertTrue(f.getMessage().contains("oracle-general") && f.getMessage().contains("lcs"), f.getMessage());
        assertEquals(TraceFormat.ORACLE_GENERAL, TraceFormat.named("oracleGeneral"));
    }

    @Test
    void lcsHeaderDescribesTheRecords() throws Exception {
        ByteBuffer h = ByteBuffer.allocate(1024 + 2 * 17).order(ByteOrder.LITTLE_ENDIAN);
        h.putLong(0, 0x123456789abcdef0L);
        h.put(8, "<IQBI".getBytes(StandardCharsets.US_ASCII));
        h.put(248, (byte) 2); // id field
        h.put(249, (byte) 4); // size field
        h.put(250, (byte) 1); // time field
        h.putInt(1000, 4).putInt(1004, 17).putLong(1008, 1).putLong(1016, 0x123456789abcdef0L);
        h.position(1024);
        h.putInt(10).putLong(77).put((byte) 3).putInt(4096);
        h.putInt(11).putLong(78).put((byte) 1).putInt(512);
        Path p = write("t.lcs", h.array());
        assertEquals(TraceFormat.LCS, TraceFormat.detect(p));
        assertEquals(List.of(req(10, 77, 4096), req(11, 78, 512)), read(TraceFormat.LCS, p, null));
        byte[] bad = h.array().clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(1004, 16);
        Path q = write("bad.lcs", bad);
        assertTrue(assertThrows(TraceException.class, () -> read(TraceFormat.LCS, q, null)).getMessage().contains("adds up to 17"));
    }

    @Test
    void vscsiVersionsOneAndTwo() throws Exception {
        ByteBuffer v2 = ByteBuffer.allocate(80).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 2; i++) {
            int at = i * 40;
            v2.putShort(at + 2, (short) (2 << 8)).putInt(at + 8, 4096 * (i + 1)).putLong(at + 16, 900 + i).putLong(at + 24, 5_000_000L * (i + 1));
        }
        assertEquals(List.of(req(5, 900, 4096), req(10, 901, 8192)), read(TraceFormat.VSCSI, write("a.vscsi", v2.array()), null));
        ByteBuffer v1 = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 2; i++) {
            int at = i * 32;
            v1.putInt(at + 4, 512).putShort(at + 14, (short) (1 << 8)).putLong(at + 16, 40 + i).putLong(at + 24, 2_000_000L);
        }
        assertEquals(List.of(req(2, 40, 512), req(2, 41, 512)), read(TraceFormat.VSCSI, write("b.vscsi", v1.array()), null));
        assertTrue(assertThrows(TraceException.class, () -> read(TraceFormat.VSCSI, write("c.vscsi", new byte[80]), null))
                .getMessage().contains("not a vscsi trace"));
    }

    @Test
    void textFormats() throws Exception {
        assertEquals(List.of(req(1, 42, 1), req(3, TextTrace.hashId("/a/b"), 1)), read(TraceFormat.TXT, text("t.txt", "42\n\n/a/b\n"), null));
        assertEquals(List.of(req(2, 7, 1), req(3, 8, 1)), read(TraceFormat.LIRS, text("t.lirs", "*start\n7\n8\n*\n"), null));
        assertEquals(List.of(req(1, 100, 1), req(1, 101, 1), req(1, 102, 1), req(2, 5, 1)),
                read(TraceFormat.ARC, text("t.arc", "100 3 0 1\n5 1 0 2\n"), null));
        assertEquals(List.of(req(10, TextTrace.hashId("key:1"), 110)), read(TraceFormat.TWITTER, text("cluster52.csv", "10,key:1,10,100,7,get,0\n"), null));
    }

    @Test
    void csvColumnSpecLikeLibCacheSims() throws Exception {
        Path p = text("c.csv", "a|b|c|d\n5|x|9|300\n6|y|9|301\n");
        ColumnSpec spec = ColumnSpec.parse("time-col=1;obj-id-col=3;obj-size-col=4;delimiter=|;has-header=true");
        assertEquals(List.of(req(5, 9, 300), req(6, 9, 301)), read(TraceFormat.CSV, p, spec));
        ColumnSpec strings = ColumnSpec.parse("obj-id-col=2;delimiter=|;has-header=true;obj-id-is-num=false");
        assertEquals(List.of(req(2, TextTrace.hashId("x"), 1), req(3, TextTrace.hashId("y"), 1)), read(TraceFormat.CSV, p, strings));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ColumnSpec.parse("obj-id-col=0")).getMessage().contains("counts from 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ColumnSpec.parse("id=2")).getMessage().contains("unknown key 'id'"));
        Path bad = text("bad.csv", "1,2,3\n1,2\n");
        TraceException e = assertThrows(TraceException.class, () -> read(TraceFormat.CSV, bad, null));
        assertTrue(e.getMessage().contains("bad.csv: line 2: too few columns"), e.getMessage());
    }

    @Test
    void oracleGeneralWriterRoundTrips() throws Exception {
        Path p = dir.resolve("w.oracleGeneral.bin");
        try (OracleGeneralWriter w = new OracleGeneralWriter(p)) {
            w.write(3, 9, 1000, 2);
            w.write(4, 9, 1000, TraceCursor.NEVER);
        }
        assertEquals(List.of(List.of(3L, 9L, 1000L, 2L), List.of(4L, 9L, 1000L, TraceCursor.NEVER)), read(TraceFormat.ORACLE_GENERAL, p, null));
        try (OracleGeneralWriter w = new OracleGeneralWriter(dir.resolve("x.bin"))) {
            assertThrows(IllegalArgumentException.class, () -> w.write(0, 1, 1L << 33, 0));
        }
    }
}
