package dev.popnet.simulator.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.cache.PolicySpec;
import dev.popnet.core.cache.SizeChange;
import dev.popnet.simulator.trace.TraceFormat;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every policy both tools have, in object and byte mode, at three capacities, on the shared
 * cloudPhysicsIO trace and a generated Zipf trace: popnet's miss counts equal libCacheSim's (see
 * golden/README.md for the commit and the command behind each figure).
 */
class GoldenReplayTest {
    private static final String ZIPF_SHA256 = "39ae2dfea920437c9effdc1d98a0e2cfc4965d7e0710f9807b6c6d4745a22a12";

    @TempDir
    static Path dir;

    record Row(String policy, String capacity, long requests, long misses, long missBytes, String missRatio, String byteMissRatio) {
    }

    private static List<Row> rows(String trace, String mode) throws IOException {
        List<Row> out = new ArrayList<>();
        try (InputStream in = GoldenReplayTest.class.getResourceAsStream("/golden/libcachesim-aa0fc40.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
            for (String line : lines) {
                List<String> f = csv(line);
                if (f.get(0).equals(trace) && f.get(1).equals(mode)) {
                    out.add(new Row(f.get(2), f.get(3), Long.parseLong(f.get(4)), Long.parseLong(f.get(5)),
                            f.get(6).isEmpty() ? -1 : Long.parseLong(f.get(6)), f.get(7), f.get(8)));
                }
            }
        }
        return out;
    }

    private static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }

    private static Path trace(String name) throws Exception {
        if (name.equals("cloudPhysicsIO")) {
            Path p = Path.of(System.getProperty("popnet.shared.dir", "../shared"), "traces", "cloudPhysicsIO.oracleGeneral.bin");
            assumeTrue(Files.exists(p), "shared trace not present at " + p);
            return p;
        }
        Path p = dir.resolve("zipf.oracleGeneral.bin");
        if (!Files.exists(p)) {
            ZipfTrace.write(p, 10_000, 0.9, 200_000, 65_536, 42);
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        assertEquals(ZIPF_SHA256, sha, "the Zipf generator no longer writes the trace the reference figures were taken on");
        return p;
    }

    /** A ratio as C's printf("%.4lf") prints it: the exact binary value, rounded to nearest. */
    private static String printf4(long part, long whole) {
        return new BigDecimal((double) part / whole).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"cloudPhysicsIO, obj", "cloudPhysicsIO, byte", "zipf, obj", "zipf, byte"})
    void missCountsEqualLibCacheSims(String traceName, String mode) throws Exception {
        List<Row> expected = rows(traceName, mode);
        Map<String, List<Row>> byPolicy = new LinkedHashMap<>();
        expected.forEach(r -> byPolicy.computeIfAbsent(r.policy(), k -> new ArrayList<>()).add(r));
        boolean objects = mode.equals("obj");
        ReplayPlan plan = new ReplayPlan(trace(traceName), TraceFormat.ORACLE_GENERAL, null, new ArrayList<>(byPolicy.keySet()),
                List.of(CapacitySpec.parse("0.001", objects), CapacitySpec.parse("0.01", objects), CapacitySpec.parse("0.1", objects)),
                objects ? CapacityMode.OBJECTS : CapacityMode.BYTES, SizeChange.KEEP, null, 2, ReplayPlan.DEFAULT_MEMORY_LIMIT);
        List<ReplayResult> results = TraceReplay.run(plan).results();
        List<String> wanted = new ArrayList<>();
        List<String> got = new ArrayList<>();
        int i = 0;
        for (List<Row> rows : byPolicy.values()) {
            for (Row want : rows) {
                ReplayResult r = results.get(i++);
                assertEquals(PolicySpec.parse(want.policy()).name(), PolicySpec.parse(r.policy()).name());
                wanted.add(describe(want.policy(), want.capacity(), want.requests(), want.misses(), want.missBytes(), want.missRatio(), want.byteMissRatio()));
                got.add(describe(want.policy(), r.capacityText(), r.requests(), r.misses(), objects ? -1 : r.missBytes(), printf4(r.misses(), r.requests()),
                        objects ? "" : printf4(r.missBytes(), r.bytes())));
            }
        }
        assertEquals(String.join("\n", wanted), String.join("\n", got));
        assertEquals(expected.size(), results.size());
    }

    private static String describe(String policy, String capacity, long requests, long misses, long missBytes, String ratio, String byteRatio) {
        return policy + " @" + capacity + ": " + misses + "/" + requests + " misses (" + ratio + ")"
                + (missBytes < 0 ? "" : ", " + missBytes + " missed bytes (" + byteRatio + ")");
    }
}
