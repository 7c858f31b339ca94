package dev.popnet.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.popnet.core.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The processes of a running local network, in {@code network.json} of its run folder, so that
 * {@code popnet down} can stop a network that {@code popnet up} left running.
 */
public final class NetworkState {
    public static final String FILE = "network.json";

    private NetworkState() {
    }

    public static void write(Path runDir, String scenario, List<Component> components) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", scenario);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Component c : components) {
            list.add(Map.of("kind", c.kind(), "name", c.name(), "pid", c.pid(), "started", started(c.pid()),
                    "log", c.log().toAbsolutePath().toString()));
        }
        doc.put("components", list);
        try {
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve(FILE), ConfigLoader.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runDir.resolve(FILE), e);
        }
    }

    private static String started(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Object::toString).orElse("");
    }

    /**
     * Stops the processes listed in the run folder: SIGTERM, then SIGKILL after the grace period.
     * Returns one line per component saying what happened; removes the file.
     */
    public static List<String> stop(Path runDir, Duration grace) {
        Path file = runDir.resolve(FILE);
        JsonNode doc;
        try {
            doc = ConfigLoader.jsonMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no network is recorded in " + runDir + " (no " + FILE + "; was it started with popnet up?)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<String> report = new ArrayList<>();
        List<ProcessHandle> stopping = new ArrayList<>();
        for (JsonNode c : doc.path("components")) {
            String what = c.path("kind").asText() + " " + c.path("name").asText() + " (pid " + c.path("pid").asLong() + ")";
            // A pid may have been reused since: only the process that started at the recorded instant is ours.
            Optional<ProcessHandle> p = ProcessHandle.of(c.path("pid").asLong()).filter(ProcessHandle::isAlive)
                    .filter(h -> started(h.pid()).equals(c.path("started").asText()));
            if (p.isPresent()) {
                p.get().destroy();
                stopping.add(p.get());
                report.add(what + " stopped");
            } else {
                report.add(what + " was not running");
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : stopping) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception timedOut) {
                p.destroyForcibly();
            }
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
        return report;
    }
}
