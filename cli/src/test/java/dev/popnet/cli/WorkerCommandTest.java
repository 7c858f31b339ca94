package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code popnet worker} as its own process, and {@code popnet simulate --sweep --cluster} reporting what a local sweep does. */
class WorkerCommandTest {
    @TempDir
    Path dir;

    private static Path scenario(String name) {
        return Path.of(System.getProperty("popnet.root.dir"), "configs", "scenarios", name);
    }

    @Test
    void aSweepOnAWorkerPrintsTheLocalTable() throws Exception {
        Path secret = Files.writeString(dir.resolve("sweep.secret"), "  a secret of at least sixteen bytes\n");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String[] sweep = {"simulate", "--quiet", "--no-files", "--requests", "5000", "--sweep", "policy=lru,s3fifo", "--sweep", "pops=2,4",
            scenario("quickstart.yaml").toString()};
        try (ServerProcess worker = ServerProcess.start(dir, "worker", Map.of(), "worker", "--secret-file", secret.toString(), "--port",
                Integer.toString(port), "--threads", "2")) {
            String address = worker.awaitOutput("serving sweeps on (\\S+)", Duration.ofSeconds(120));
            assertEquals("127.0.0.1:" + port, address);
            CliRun local = CliRun.of(sweep);
            assertEquals(0, local.code(), local.err());
            String[] distributed = java.util.stream.Stream.concat(java.util.Arrays.stream(sweep),
                    java.util.stream.Stream.of("--cluster", address, "--secret-file", secret.toString())).toArray(String[]::new);
            CliRun remote = CliRun.of(distributed);
            assertEquals(0, remote.code(), remote.err());
            assertEquals(local.out(), remote.out());
            assertTrue(remote.out().contains(" pops "), remote.out());
            assertTrue(worker.stdout().contains(": cell 3 in"), worker.stdout());
            assertEquals(143, worker.stop(), "SIGTERM: the JVM's exit status after a clean shutdown");
            assertTrue(worker.stdout().contains("popnet worker stopped: left the cluster"), worker.stdout());
        }
    }

    @Test
    void missingSecretsShortSecretsAndAClusterWithoutASweepAreUsageErrors() throws Exception {
        CliRun none = CliRun.of("worker", "--port", "0");
        if (System.getenv("POPNET_CLUSTER_SECRET") == null) {
            assertEquals(2, none.code(), none.err());
            assertTrue(none.err().contains("a sweep cluster needs its shared secret: --secret-file FILE or POPNET_CLUSTER_SECRET"), none.err());
        }
        Path shortSecret = Files.writeString(dir.resolve("short"), "tiny");
        CliRun tooShort = CliRun.of("worker", "--secret-file", shortSecret.toString(), "--port", "0");
        assertEquals(2, tooShort.code(), tooShort.err());
        assertTrue(tooShort.err().contains("must be at least 16 bytes long") && !tooShort.err().contains("tiny"), tooShort.err());
        CliRun missing = CliRun.of("worker", "--secret-file", dir.resolve("nope").toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("no such file"), missing.err());
        CliRun noSweep = CliRun.of("simulate", "--cluster", "127.0.0.1:5801", scenario("quickstart.yaml").toString());
        assertEquals(2, noSweep.code(), noSweep.err());
        assertTrue(noSweep.err().contains("--cluster runs the cells of a --sweep"), noSweep.err());
    }
}
