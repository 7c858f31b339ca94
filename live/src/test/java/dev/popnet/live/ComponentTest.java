package dev.popnet.live;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server process that cannot start is reported with the end of its log, not hidden. */
class ComponentTest {
    @Test
    void aComponentThatFailsToStartIsReportedWithItsLog(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("broken.yaml"), "capacity: -1\n");
        Component.Spec spec = new Component.Spec("edge", "broken", List.of("edge", "-c", config.toString()), Map.of(), List.of(),
                "http://127.0.0.1:9/health", body -> true);
        Component c = Component.launch(spec, dir, true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> c.awaitReady(System.nanoTime() + TimeUnit.SECONDS.toNanos(60)));
        assertTrue(e.getMessage().startsWith("edge broken (pid " + c.pid() + ") exited with code 2 while starting"), e.getMessage());
        assertTrue(e.getMessage().contains("| popnet: bad configuration: " + config + ": capacity"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("edge-broken.log").toString()), e.getMessage());
        assertFalse(c.alive());
    }
}
