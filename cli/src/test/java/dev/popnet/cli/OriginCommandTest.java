package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.config.ConfigLoader;
import dev.popnet.origin.OriginConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration stops `popnet origin` before anything starts: exit 2 and a message naming source, key and reason. */
class OriginCommandTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        Path f = dir.resolve("origin.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static void assertRejected(CliRun run, String... fragments) {
        assertEquals(2, run.code(), run.err());
        for (String fragment : fragments) {
            assertTrue(run.err().contains(fragment), "'" + fragment + "' missing in: " + run.err());
        }
        assertTrue(run.out().isEmpty(), "nothing started: " + run.out());
    }

    @Test
    void badValueInFile() throws Exception {
        Path f = file("port: 70000\n");
        assertRejected(CliRun.of("origin", "--config", f.toString()), f.toString(), "port", "0-65535");
    }

    @Test
    void nestedBadValueNamesTheFullKey() throws Exception {
        Path f = file("faults:\n  error-rate: 1.5\n");
        assertRejected(CliRun.of("origin", "-c", f.toString()), "faults.error-rate", "between 0 and 1");
    }

    @Test
    void durationWithoutUnit() throws Exception {
        Path f = file("faults:\n  latency: 20\n");
        assertRejected(CliRun.of("origin", "-c", f.toString()), "faults.latency", "needs a unit");
    }

    @Test
    void unknownKeyAndBrokenYamlAndMissingFile() throws Exception {
        assertRejected(CliRun.of("origin", "-c", file("prot: 1\n").toString()), "prot", "unknown key");
        assertRejected(CliRun.of("origin", "-c", file("rules: [\n").toString()), "not valid YAML");
        assertRejected(CliRun.of("origin", "-c", dir.resolve("missing.yaml").toString()), "file not found");
    }

    @Test
    void badFlagNamesTheFlag() {
        assertRejected(CliRun.of("origin", "--set", "default-size=huge"), "flag default-size=huge", "default-size");
        assertRejected(CliRun.of("origin", "--port", "-5"), "port");
    }

    @Test
    void shippedConfigIsValid() {
        Path shipped = Path.of(System.getProperty("popnet.root.dir"), "configs", "origin.yaml");
        OriginConfig config = ConfigLoader.load(OriginConfig.class, shipped, Map.of(), Map.of());
        assertEquals(8080, config.port());
        assertEquals(2, config.rules().size());
        assertEquals(12 * 1024, config.catalog().get("logo").size());
    }

    @Test
    void helpListsCommands() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("origin") && run.out().contains("stats") && run.out().contains("simulate"), run.out());
    }
}
