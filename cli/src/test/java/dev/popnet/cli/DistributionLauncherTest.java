package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's {@code bin/popnet} as users run it, once {@code mvn package} has made the
 * distribution folder and its class-data-sharing archive (so it runs after packaging, tagged
 * "distribution"): an edge and a DNS router started through it take their classes from the archive,
 * picocli's and Netty's epoll transport included, and an edge loads no Hazelcast and no BoringSSL class
 * when no cluster and no TLS are configured, and no JVM meters until it is scraped; {@code --version} builds no command; a small trace replay
 * gets the short-run JVM flags and a server does not; an edge on one CPU runs on G1 unless told otherwise.
 */
@Tag("distribution")
class DistributionLauncherTest {
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void edgeWithoutClusterOrTlsLoadsItsClassesFromTheArchiveAndNoHazelcastOrTcnative() throws Exception {
        Path launcher = distribution().resolve("bin/popnet");
        Path classes = dir.resolve("classes.log");
        Path cds = dir.resolve("cds.log");
        try (Launched origin = Launched.start(dir, "origin", launcher, Map.of(), "origin", "--port", "0")) {
            String originUrl = "http://127.0.0.1:" + origin.await("listening on http://127\\.0\\.0\\.1:(\\d+)");
            String edgeUrl;
            try (Launched edge = Launched.start(dir, "edge", launcher,
                    Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags -Xlog:class+load:file=" + classes + " -Xlog:cds=info:file=" + cds),
                    "edge", "--port", "0", "--origin", originUrl)) {
                edgeUrl = "http://127.0.0.1:" + edge.await("listening on http://127\\.0\\.0\\.1:(\\d+)");
                HttpResponse<byte[]> miss = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(edgeUrl + "/obj/launcher?size=1000&ttl=60")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, miss.statusCode());
                assertEquals(1000, miss.body().length);
                assertTrue(edge.stdout().contains("-XX:CompileThresholdScaling=4"), "a server compiles later:\n" + edge.stdout());
                String mapped = Files.readString(Path.of("/proc", Long.toString(edge.process().pid()), "maps"));
                assertTrue(mapped.contains("/lib/native/libnetty_transport_native_epoll_"),
                        "Netty's epoll library is loaded from the distribution's lib/native, not copied out of the jar:\n"
                                + mapped.lines().filter(l -> l.contains("netty")).toList());
            }
        }
        String mapping = Files.readString(cds);
        assertTrue(mapping.contains("Mapped dynamic region"), "the launcher's archive is mapped:\n" + mapping);
        assertTrue(mapping.contains("full module graph: enabled"), "no module flag on the command line turns it off:\n" + mapping);

        List<String> loaded = fromTheArchive(classes, "an edge");
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" picocli.CommandLine source: shared objects file")),
                "picocli's class files are upgraded at build so the archive holds them");
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" io.netty.channel.epoll.EpollIoHandler source: shared objects file")),
                "the archive was made on the edge's own transport, Netty's native epoll");
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains(" com.hazelcast.") || l.contains(".tcnative.")).toList());
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains(" io.micrometer.core.instrument.binder.")).toList(),
                "an edge never scraped binds no JVM or process meters");
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains(" io.vertx.core.file.impl.FileCache")).toList(),
                "an edge's Vert.x sets up no cache folder for class-path files");
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains(" jdk.jfr.internal.MetadataRepository ")).toList(),
                "Netty's buffer events do not start Flight Recorder's machinery at the first request");
    }

    @Test
    void dnsRouterLoadsItsClassesFromTheArchive() throws Exception {
        Path classes = dir.resolve("dns-classes.log");
        try (Launched dns = Launched.start(dir, "dns", distribution().resolve("bin/popnet"), Map.of("JAVA_OPTS", "-Xlog:class+load:file=" + classes),
                "dns", "--port", "0", "--stats-port", "0")) {
            dns.await("popnet dns serving (\\S+)");
        }
        fromTheArchive(classes, "a DNS router");
    }

    @Test
    void versionAloneBuildsNoCommandAndStartsNeitherLoggingNorJackson() throws Exception {
        Path classes = dir.resolve("version-classes.log");
        try (Launched version = Launched.start(dir, "version", distribution().resolve("bin/popnet"),
                Map.of("JAVA_OPTS", "-Xlog:class+load:file=" + classes), "--version")) {
            assertEquals(0, version.awaitExit());
            assertTrue(version.stdout().matches("popnet \\S+ \\(commit [0-9a-f]+.*\\)\\R"), version.stdout());
        }
        List<String> loaded = fromTheArchive(classes, "--version");
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains(" ch.qos.logback.classic.LoggerContext ") || l.contains(" com.fasterxml.jackson.")
                || l.contains(" dev.popnet.cli.SimulateCommand$") || l.contains(" dev.popnet.cli.ConfigOptions ")).toList());
        assertTrue(loaded.size() < 1600, "the root command alone: " + loaded.size() + " classes (all commands took 2,300)");
    }

    /**
     * The -Xlog:class+load lines of a run: at most 2% of them from the jar, and nine in ten of the classes that
     * exist before the run from the archive. Classes the JVM generates while it runs (hidden classes such as the
     * DNS router's native call stubs, proxies; their source starts with "__") are left out of that share: JDK 17's
     * dynamic archive holds only lambda proxies among them. Returns all the lines.
     */
    private static List<String> fromTheArchive(Path classLog, String what) throws IOException {
        List<String> loaded = Files.readAllLines(classLog);
        List<String> fromJar = loaded.stream().filter(l -> l.contains("source: file:")).toList();
        long fromArchive = loaded.stream().filter(l -> l.contains("source: shared objects file")).count();
        long archivable = loaded.stream().filter(l -> !l.contains("source: __")).count();
        assertTrue(loaded.size() > 1000, what + " loads thousands of classes: " + loaded.size());
        assertTrue(fromJar.size() * 50 < loaded.size(), what + ": at most 2% of classes outside the archive, got "
                + fromJar.size() + " of " + loaded.size() + ":\n" + String.join("\n", fromJar));
        assertTrue(fromArchive * 10 > archivable * 9, what + ": " + fromArchive + " of " + archivable + " from the archive");
        return loaded;
    }

    @Test
    void smallReplayRunsWithShortRunFlagsAndServersWithTheDefaults() throws Exception {
        Path launcher = distribution().resolve("bin/popnet");
        Path trace = Path.of(System.getProperty("popnet.shared.dir", "../shared"), "traces", "cloudPhysicsIO.oracleGeneral.bin");
        Map<String, String> flags = Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        try (Launched replay = Launched.start(dir, "replay", launcher, flags,
                "simulate", "--replay", trace.toString(), "--policy", "lru", "--capacity", "0.1", "--no-files", "--quiet")) {
            assertEquals(0, replay.awaitExit());
            String out = replay.stdout();
            assertTrue(out.contains("-XX:TieredStopAtLevel=1") && out.contains("-XX:+UseSerialGC"), out);
            assertTrue(out.contains("-XX:SharedArchiveFile="), out);
            assertTrue(out.contains("0.8097"), "LRU at 10% of the working set, as libCacheSim gives it: " + out);
        }
        try (Launched version = Launched.start(dir, "version", launcher, flags, "--version")) {
            assertEquals(0, version.awaitExit());
            String out = version.stdout();
            assertFalse(out.contains("TieredStopAtLevel") || out.contains("UseSerialGC") || out.contains("CompileThresholdScaling"), out);
            assertTrue(out.contains("popnet "), out);
        }
    }

    @Test
    void aScenarioRunsOnTheSerialCollectorAndASweepOnTheDefault() throws Exception {
        Path launcher = distribution().resolve("bin/popnet");
        Path scenario = dir.resolve("small.yaml");
        Files.writeString(scenario, Files.readString(Path.of("..", "configs", "scenarios", "quickstart.yaml"))
                .replaceAll("(?m)^requests: *\\d+", "requests: 20000"));
        Map<String, String> flags = Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        try (Launched run = Launched.start(dir, "scenario", launcher, flags, "simulate", scenario.toString(), "--no-files", "--quiet")) {
            assertEquals(0, run.awaitExit());
            assertTrue(run.stdout().contains("-XX:+UseSerialGC") && run.stdout().contains("20,000 requests"), run.stdout());
        }
        try (Launched sweep = Launched.start(dir, "sweep", launcher, flags,
                "simulate", scenario.toString(), "--sweep", "edges=1,2", "--no-files", "--quiet")) {
            assertEquals(0, sweep.awaitExit());
            assertFalse(sweep.stdout().contains("UseSerialGC"), sweep.stdout());
        }
        try (Launched chosen = Launched.start(dir, "scenario-g1", launcher, Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags -XX:+UseG1GC"),
                "simulate", scenario.toString(), "--no-files", "--quiet")) {
            assertEquals(0, chosen.awaitExit());
            assertTrue(chosen.stdout().contains("-XX:+UseG1GC") && !chosen.stdout().contains("UseSerialGC"), chosen.stdout());
        }
    }

    /**
     * A small replay writing its report files: its per-request loop is compiled (an archive made by a
     * training JVM that exits with methods in the JIT's queue left them marked queued, never compiled),
     * and neither the replay nor its reports load Jackson's object mapper.
     */
    @Test
    void smallReplayCompilesItsLoopAndWritesItsReportsWithoutJackson() throws Exception {
        Path trace = Path.of(System.getProperty("popnet.shared.dir", "../shared"), "traces", "cloudPhysicsIO.oracleGeneral.bin");
        Path classes = dir.resolve("replay-classes.log");
        Path out = dir.resolve("out");
        try (Launched replay = Launched.start(dir, "replay-files", distribution().resolve("bin/popnet"),
                Map.of("JAVA_OPTS", "-XX:+PrintCompilation -Xlog:class+load:file=" + classes),
                "simulate", "--replay", trace.toString(), "--policy", "lru", "--capacity", "0.1", "--out", out.toString(), "--quiet")) {
            assertEquals(0, replay.awaitExit());
            String printed = replay.stdout();
            for (String hot : List.of("dev.popnet.core.cache.policy.LongIntMap::get", "dev.popnet.core.cache.policy.SlotList::linkFirst",
                    "dev.popnet.core.cache.policy.QueuePolicy::find", "dev.popnet.simulator.replay.TraceReplay::replay")) {
                assertTrue(printed.contains(hot), hot + " is compiled:\n" + printed.lines().filter(l -> l.contains("dev.popnet")).toList());
            }
        }
        assertTrue(Files.readString(out.resolve("replay.json")).contains("\"miss_ratio\" : 0.8096"), Files.readString(out.resolve("replay.json")));
        List<String> loaded = fromTheArchive(classes, "a small replay");
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains(" com.fasterxml.jackson.databind.ObjectMapper ")).toList());
    }

    @Test
    void edgeOnOneCpuRunsOnG1UnlessJavaOptsNamesACollector() throws Exception {
        Path launcher = distribution().resolve("bin/popnet");
        Map<String, String> flags = Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        // one CPU: the JVM's own pick would be the serial collector
        try (Launched edge = Launched.start(dir, "edge-g1", List.of("taskset", "-c", "0", launcher.toString()), flags,
                "edge", "--port", "0", "--origin", "http://127.0.0.1:9")) {
            edge.await("listening on http://127\\.0\\.0\\.1:(\\d+)");
            assertTrue(edge.stdout().contains("-XX:+UseG1GC") && !edge.stdout().contains("-XX:+UseSerialGC"), edge.stdout());
            assertTrue(edge.stdout().contains("-XX:MaxGCPauseMillis=10") && edge.stdout().contains("-XX:MaxTenuringThreshold=1")
                    && edge.stdout().contains("-XX:G1NewSizePercent=1"), "short young collections for a store whose objects survive them:\n" + edge.stdout());
        }
        try (Launched edge = Launched.start(dir, "edge-serial", List.of("taskset", "-c", "0", launcher.toString()),
                Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags -XX:+UseSerialGC"), "edge", "--port", "0", "--origin", "http://127.0.0.1:9")) {
            edge.await("listening on http://127\\.0\\.0\\.1:(\\d+)");
            assertFalse(edge.stdout().contains("-XX:+UseG1GC") || edge.stdout().contains("-XX:MaxGCPauseMillis=10"),
                    "the collector JAVA_OPTS names is kept, without G1's settings:\n" + edge.stdout());
        }
    }

    /** cli/target/popnet-VERSION, made by the package phase this test runs after. */
    private static Path distribution() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("target"))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("popnet-") && Files.isDirectory(d)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no distribution folder in target/: run after mvn package"));
        }
    }

    /** A command of the distribution run as its own process, output in files of the test's folder. */
    private record Launched(Process process, Path out, Path err) implements AutoCloseable {
        static Launched start(Path dir, String name, Path launcher, Map<String, String> env, String... args) throws IOException {
            return start(dir, name, List.of(launcher.toString()), env, args);
        }

        /** @param launch the launcher, after a command it runs under (taskset) if any */
        static Launched start(Path dir, String name, List<String> launch, Map<String, String> env, String... args) throws IOException {
            List<String> command = new ArrayList<>(launch);
            command.addAll(List.of(args));
            Path out = dir.resolve(name + ".out");
            Path err = dir.resolve(name + ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("POPNET_") || k.equals("JAVA_OPTS"));
            pb.environment().putAll(env);
            return new Launched(pb.start(), out, err);
        }

        String await(String regex) throws IOException, InterruptedException {
            Pattern p = Pattern.compile(regex);
            long deadline = System.nanoTime() + START.toNanos();
            while (System.nanoTime() < deadline) {
                Matcher m = p.matcher(stdout());
                if (m.find()) {
                    return m.group(1);
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("exited with " + process.exitValue() + ": " + Files.readString(err));
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("no '" + regex + "' in time: " + stdout() + Files.readString(err));
        }

        int awaitExit() throws InterruptedException, IOException {
            if (!process.waitFor(START.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("still running: " + stdout() + Files.readString(err));
            }
            return process.exitValue();
        }

        String stdout() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
