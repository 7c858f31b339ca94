package dev.popnet.simulator.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.simulator.trace.TraceCursor;
import dev.popnet.simulator.trace.TraceFormat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A decoded trace returns every request as the file's cursor does, and a trace over the bound is not held. */
class DecodedTraceTest {
    @TempDir
    Path dir;

    @Test
    void decodedRequestsEqualTheFilesAndTheBoundIsKept() {
        Path trace = dir.resolve("z.oracleGeneral.bin");
        ZipfTrace.write(trace, 3000, 0.9, 100_000, 1000, 7);
        DecodedTrace decoded = DecodedTrace.read(TraceFormat.ORACLE_GENERAL.cursor(trace, null), 100_000);
        assertEquals(100_000, decoded.requests());
        try (TraceCursor file = TraceFormat.ORACLE_GENERAL.cursor(trace, null); TraceCursor memory = decoded.cursor()) {
            while (file.advance()) {
                assertTrue(memory.advance());
                assertEquals(file.time(), memory.time());
                assertEquals(file.id(), memory.id());
                assertEquals(file.size(), memory.size());
                assertEquals(file.nextAccess(), memory.nextAccess());
            }
            assertFalse(memory.advance());
        }
        assertNull(DecodedTrace.read(TraceFormat.ORACLE_GENERAL.cursor(trace, null), 99_999));
    }
}
