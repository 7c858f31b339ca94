package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import dev.popnet.simulator.replay.ZipfTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code popnet simulate --replay} as users run it: grids, files, curves and the errors bad traces get. */
class ReplayCommandTest {
    @TempDir
    Path dir;

    private Path zipf() {
        Path trace = dir.resolve("zipf.oracleGeneral.bin");
        ZipfTrace.write(trace, 2000, 0.9, 30_000, 10_000, 1);
        return trace;
    }

    @Test
    void manyPoliciesAndCapacitiesInOneRunWithEveryFile() throws Exception {
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("simulate", "--replay", zipf().toString(), "--policy", "lru,s3fifo(ghost=1.0),arc,belady",
                "--capacity", "0.001,0.01,0.1", "--objects", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("size-change new-version") && run.out().contains("working set: 1,953 objects"), run.out());
        List<String> csv = Files.readAllLines(out.resolve("replay.csv"));
        assertEquals(13, csv.size(), "header and 4 policies x 3 capacities");
        assertTrue(csv.get(0).startsWith("policy,capacity,capacity_objects,requests,misses,miss_ratio"));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("\"s3fifo(small=0.1,ghost=1.0,threshold=2)\",0.01,19,30000,")), csv.toString());
        JsonNode json = new ObjectMapper().readTree(out.resolve("replay.json").toFile());
        assertEquals(12, json.get("runs").size());
        assertEquals(1953, json.get("working_set").get("objects").asLong());
        String html = Files.readString(out.resolve("replay.html"));
        assertTrue(html.contains("<svg") && html.contains("Miss ratio") && html.contains("belady"), "chart of miss ratio against capacity");
        for (JsonNode r : json.get("runs")) {
            if (r.get("policy").asText().equals("belady")) {
                continue;
            }
            JsonNode opt = null;
            for (JsonNode o : json.get("runs")) {
                if (o.get("policy").asText().equals("belady") && o.get("capacity").equals(r.get("capacity"))) {
                    opt = o;
                }
            }
            assertTrue(r.get("misses").asLong() >= opt.get("misses").asLong(), "nothing beats OPT: " + r);
        }
    }

    @Test
    void sweepAxesWorkWithReplayAndOthersAreRefused() throws Exception {
        Path trace = zipf();
        CliRun run = CliRun.of("simulate", "--replay", trace.toString(), "--objects", "--no-files", "--sweep", "policy=lru,fifo", "--sweep",
                "capacity=50,100");
        assertEquals(0, run.code(), run.err());
        assertEquals(4, run.out().lines().filter(l -> l.startsWith("lru ") || l.startsWith("fifo ")).count(), run.out());
        CliRun bad = CliRun.of("simulate", "--replay", trace.toString(), "--capacity", "10", "--sweep", "alpha=0.7,0.9");
        assertEquals(2, bad.code(), "a sweep axis that does not apply is a usage error");
        assertTrue(bad.err().contains("--sweep alpha does not apply to --replay"), bad.err());
    }

    @Test
    void sizeChangeRuleIsPrintedAndDecimalUnitsExplained() throws Exception {
        CliRun run = CliRun.of("simulate", "--replay", zipf().toString(), "--capacity", "20MB", "--size-change", "keep", "--no-files");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("size-change keep"), run.out());
        assertTrue(run.out().contains("20MB is 20,000,000 bytes (decimal); libCacheSim reads it as 20,971,520"), run.out());
    }

    @Test
    void missRatioCurveExactAndSampled() throws Exception {
        Path trace = zipf();
        CliRun exact = CliRun.of("simulate", "--replay", trace.toString(), "--objects", "--mrc", "--capacity", "100,1000", "--no-files");
        assertEquals(0, exact.code(), exact.err());
        CliRun lru = CliRun.of("simulate", "--replay", trace.toString(), "--objects", "--policy", "lru", "--capacity", "100,1000", "--no-files");
        for (String c : new String[] {"100", "1,000"}) {
            String curve = exact.out().lines().filter(l -> l.trim().startsWith(c + " ")).findFirst().orElseThrow().trim().split("\\s+")[1];
            String replay = lru.out().lines().filter(l -> l.startsWith("lru") && l.contains(" " + c + " ")).findFirst().orElseThrow()
                    .trim().split("\\s+")[4];
            assertEquals(replay, curve, "curve and replay at " + c);
        }
        CliRun sampled = CliRun.of("simulate", "--replay", trace.toString(), "--objects", "--mrc", "--mrc-sample", "0.5", "--no-files");
        assertEquals(0, sampled.code(), sampled.err());
        assertTrue(sampled.out().contains("SHARDS, sampling 0.5000"), sampled.out());
    }

    @Test
    void badTracesFailWithTheReason() throws Exception {
        Path garbage = dir.resolve("trace.zst");
        Files.write(garbage, Zstd.compress(new byte[100]));
        CliRun unknown = CliRun.of("simulate", "--replay", garbage.toString(), "--capacity", "10");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("cannot tell the trace format"), unknown.err());
        CliRun truncated = CliRun.of("simulate", "--replay", garbage.toString(), "--trace-format", "oracle-general", "--capacity", "10");
        assertEquals(1, truncated.code());
        assertTrue(truncated.err().contains("truncated"), truncated.err());
        Path empty = dir.resolve("empty.oracleGeneral.bin");
        Files.write(empty, new byte[0]);
        CliRun none = CliRun.of("simulate", "--replay", empty.toString(), "--capacity", "10");
        assertEquals(1, none.code());
        assertTrue(none.err().contains("empty trace"), none.err());
        CliRun format = CliRun.of("simulate", "--replay", empty.toString(), "--trace-format", "parquet", "--capacity", "10");
        assertTrue(format.err().contains("unknown trace format 'parquet'"), format.err());
        CliRun policy = CliRun.of("simulate", "--replay", zipf().toString(), "--policy", "s3fifo(ghosts=1)", "--capacity", "10");
        assertTrue(policy.err().contains("s3fifo has no parameter 'ghosts'"), policy.err());
    }
}
