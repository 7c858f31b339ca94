package dev.popnet.sweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.simulator.report.PopResult;
import dev.popnet.simulator.scenario.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessagesTest {
    private static final Path SCENARIOS = Path.of(System.getProperty("popnet.root.dir"), "configs", "scenarios");

    @TempDir
    Path dir;

    @Test
    void everyShippedScenarioComesBackEqualAndTotalsKeepEveryBit() throws Exception {
        try (var files = Files.list(SCENARIOS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Scenario s = Scenario.load(f);
                byte[] json = Messages.write(new Messages.Order("s", Messages.Kind.CELL, 3, "v", s, "/x", null));
                Messages.Order back = Messages.read(Messages.tree(json), Messages.Order.class);
                assertEquals(s, back.scenario(), f.toString());
                assertEquals(3, back.cell());
            }
        }
        PopResult total = new PopResult("all", 10, 1.0 / 3, Double.NaN, 0.1 + 0.2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0.123456789012345,
                Double.MIN_VALUE, 1e300, 2.0 / 7, 3, Long.MAX_VALUE, 0.5, 0.75);
        Messages.Answer a = Messages.read(Messages.write(new Messages.Answer("s", 1, "w", null, total, 1.5)), Messages.Answer.class);
        assertEquals(total, a.total(), "doubles round-trip exactly, NaN included");
    }

    @Test
    void aTraceIsRefusedWhereItIsMissingOrDifferent() {
        TraceFingerprint shared = TraceFingerprint.of(Scenario.load(SCENARIOS.resolve("trace-replay.yaml")), SCENARIOS);
        assertTrue(shared.path().startsWith("${POPNET_SHARED}/") && shared.bytes() > 0 && shared.sha256().length() == 64, shared.toString());
        assertNull(shared.refusal(SCENARIOS), "the same bytes at the same place");
        TraceFingerprint other = new TraceFingerprint(shared.path(), shared.bytes(), "0".repeat(64));
        assertTrue(other.refusal(SCENARIOS).contains("differs from the coordinator's"), other.refusal(SCENARIOS));
        TraceFingerprint relative = new TraceFingerprint("traces/none.bin", 10, "0".repeat(64));
        assertTrue(relative.refusal(dir).startsWith("no trace file at " + dir.resolve("traces/none.bin")), relative.refusal(dir));
    }
}
