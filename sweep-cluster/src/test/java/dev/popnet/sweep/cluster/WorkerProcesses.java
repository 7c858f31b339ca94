package dev.popnet.sweep.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Sweep workers as real JVMs on loopback, each with its own log; every one is stopped on close. */
final class WorkerProcesses implements AutoCloseable {
    static final String SECRET = "a test secret of thirty-two bytes";

    /** A started worker: its process, its host:port and its log. */
    record Started(Process process, String address, Path log) {
        String output() throws IOException {
            return Files.readString(log);
        }
    }

    private final Path dir;
    private final List<Started> started = new ArrayList<>();

    WorkerProcesses(Path dir) {
        this.dir = dir;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts a worker on {@code port} that joins {@code members}; {@link #awaitServing} waits until it serves. */
    Started launch(int port, String version, List<String> members, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx256m", "-Xss512k",
                "-Dpopnet.shared.dir=" + System.getProperty("popnet.shared.dir"), "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(),
                "127.0.0.1", Integer.toString(port), version, "1"));
        cmd.addAll(members);
        Path log = dir.resolve("worker-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("POPNET_CLUSTER_SECRET", SECRET);
        pb.environment().putAll(env);
        Started s = new Started(pb.start(), "127.0.0.1:" + port, log);
        started.add(s);
        return s;
    }

    static void awaitServing(Started... workers) throws Exception {
        for (Started s : workers) {
            awaitServing(s);
        }
    }

    private static void awaitServing(Started s) throws Exception {
        Path log = s.log();
        String port = s.address();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains("serving sweeps on")) {
            assertTrue(s.process().isAlive(), "worker " + port + " exited while starting:\n" + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "worker " + port + " did not start in 120 s:\n" + Files.readString(log));
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Started s : started) {
            s.process().destroyForcibly();
        }
        for (Started s : started) {
            s.process().waitFor(20, TimeUnit.SECONDS);
        }
    }
}
