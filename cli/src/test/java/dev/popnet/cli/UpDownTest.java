package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.popnet.live.NetworkState;
import dev.popnet.core.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** popnet up leaves a network of processes that popnet down stops; an attached network never outlives popnet up. */
class UpDownTest {
    private static final String PARITY = Path.of(System.getProperty("popnet.root.dir"), "configs", "scenarios", "parity.yaml").toString();

    @Test
    void upDetachedThenDown(@TempDir Path runDir) throws Exception {
        CliRun up = CliRun.of("up", PARITY, "--detach", "--dns-port", "0", "--run-dir", runDir.toString());
        assertEquals(0, up.code(), up.err());
        assertTrue(up.out().contains("popnet up: parity on loopback, 6 processes"), up.out());
        assertTrue(up.out().contains("dig @127.0.0.1 -p "), up.out());
        List<ProcessHandle> servers = recorded(runDir);
        assertEquals(6, servers.size());
        assertTrue(servers.stream().allMatch(ProcessHandle::isAlive), "detached servers keep running after popnet up returns");

        CliRun down = CliRun.of("down", "--run-dir", runDir.toString());
        assertEquals(0, down.code(), down.err());
        assertEquals(6, down.out().lines().filter(l -> l.endsWith(" stopped")).count(), down.out());
        for (ProcessHandle p : servers) {
            p.onExit().get(15, TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(runDir.resolve(NetworkState.FILE)));

        CliRun again = CliRun.of("down", "--run-dir", runDir.toString());
        assertEquals(2, again.code(), "a run folder with no network in it is a usage error");
        assertTrue(again.err().contains("no network is recorded in " + runDir), again.err());
    }

    @Test
    void serversExitWhenPopnetUpIsKilled(@TempDir Path runDir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process up = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), "dev.popnet.cli.Popnet", "up", PARITY,
                "--dns-port", "0", "--run-dir", runDir.toString()).redirectErrorStream(true)
                .redirectOutput(runDir.resolve("up.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(runDir.resolve(NetworkState.FILE)) && System.nanoTime() < deadline && up.isAlive()) {
                Thread.sleep(200);
            }
            List<ProcessHandle> servers = recorded(runDir);
            assertEquals(6, servers.size(), Files.readString(runDir.resolve("up.log")));
            up.destroyForcibly().waitFor();
            for (ProcessHandle p : servers) {
                p.onExit().get(30, TimeUnit.SECONDS);
            }
        } finally {
            up.destroyForcibly();
        }
    }

    private static List<ProcessHandle> recorded(Path runDir) throws Exception {
        JsonNode doc = ConfigLoader.jsonMapper().readTree(Files.readString(runDir.resolve(NetworkState.FILE)));
        List<ProcessHandle> list = new ArrayList<>();
        for (JsonNode c : doc.path("components")) {
            Optional<ProcessHandle> p = ProcessHandle.of(c.path("pid").asLong());
            p.ifPresent(list::add);
        }
        return list;
    }
}
