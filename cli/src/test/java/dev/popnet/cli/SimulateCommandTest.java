package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
    @TempDir
    Path dir;

    private static Path scenario(String name) {
        return Path.of(System.getProperty("popnet.root.dir"), "configs", "scenarios", name);
    }

    @Test
    void quickstartRunsAndWritesEveryReport() throws Exception {
        CliRun run = CliRun.of("simulate", "--quiet", "--requests", "100000", "--out", dir.toString(), scenario("quickstart.yaml").toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("quickstart") && run.out().lines().anyMatch(l -> l.startsWith("all ")), run.out());
        for (String f : new String[] {"summary.txt", "result.json", "pops.csv", "series.csv", "latency-cdf.csv", "report.html"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        assertTrue(Files.readString(dir.resolve("pops.csv")).lines().count() == 8, "six PoPs, all, header");
    }

    @Test
    void everyShippedScenarioIsValid() throws Exception {
        try (var files = Files.list(scenario("quickstart.yaml").getParent())) {
            boolean sharedData = Files.isDirectory(Path.of(System.getProperty("popnet.shared.dir"), "traces"));
            for (Path f : files.toList()) {
                CliRun run = CliRun.of("simulate", "--quiet", "--no-files", "--requests", "20000", f.toString());
                if (!sharedData && Files.readString(f).contains("${POPNET_SHARED}")) {
                    // Without the shared data beside the checkout, the trace scenario must say what is missing.
                    assertEquals(1, run.code(), f + ": " + run.err());
                    assertTrue(run.err().contains("trace file not found"), run.err());
                } else {
                    assertEquals(0, run.code(), f + ": " + run.err());
                }
            }
        }
    }

    @Test
    void badScenarioExitsTwoNamingFileAndKey() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: x\nrequests: 10\norigin: {location: {lat: 0, lon: 0}}\n"
                + "pops: [{name: a, location: {lat: 0, lon: 0}, capacity: 10, policy: nope}]\nregions: [{name: r, location: {lat: 0, lon: 0}, share: 1}]\n");
        CliRun run = CliRun.of("simulate", bad.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains(bad.toString()) && run.err().contains("pops[0].policy") && run.err().contains("unknown eviction policy"), run.err());
    }

    @Test
    void sweepWritesCurves() throws Exception {
        CliRun run = CliRun.of("simulate", "--quiet", "--requests", "30000", "--out", dir.toString(),
                "--sweep", "policy=lru,s3fifo", "--sweep", "capacity=16MiB,64MiB", scenario("quickstart.yaml").toString());
        assertEquals(0, run.code(), run.err());
        assertEquals(5, Files.readAllLines(dir.resolve("sweep.csv")).size(), "header and 2x2 points");
        assertTrue(Files.readString(dir.resolve("sweep.html")).contains("<svg"));
    }

    @Test
    void replayOfTheSampleTrace() {
        Path trace = Path.of(System.getProperty("popnet.shared.dir"), "traces", "cloudPhysicsIO.oracleGeneral.bin");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(trace));
        CliRun run = CliRun.of("simulate", "--replay", trace.toString(), "--policy", "lru", "--capacity", "1000", "--objects", "--no-files");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("lru") && l.contains("113,872")), run.out());
    }
}
