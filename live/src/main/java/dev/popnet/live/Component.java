package dev.popnet.live;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.function.Predicate;

/**
 * One server of a local network (origin, an edge node, the DNS router) running as its own
 * {@code popnet} process, with its output in a log file that is shown when the process fails.
 */
public final class Component {
    /** For the servers' own HTTP endpoints on loopback: readiness, stats, fault switches. */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    /**
     * The class whose main runs popnet's server commands ({@code origin|edge|dns -c FILE}): popnet.jar's.
     * This module's own tests run without the command line on their class path and name theirs.
     */
    static final String SERVER_MAIN = System.getProperty("popnet.server-main", "dev.popnet.cli.Popnet");

    /** What a component is, how to start it, and how to tell it is ready. */
    public record Spec(String kind, String name, List<String> args, Map<String, String> env, List<String> jvmOptions,
            String readyUrl, Predicate<String> readyBody) {
    }

    private final Spec spec;
    private final Path log;
    private final Process process;
    private volatile boolean stopping;

    private Component(Spec spec, Path log, Process process) {
        this.spec = spec;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts the component on this JVM's class path. Attached ones read their standard input until
     * it closes and then exit, so they never outlive this process, even when it is killed.
     */
    static Component launch(Spec spec, Path logDir, boolean attached) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(spec.jvmOptions());
        if (attached) {
            command.add("-Dpopnet.exit-with-parent=true");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SERVER_MAIN));
        command.addAll(spec.args());
        Path log = logDir.resolve(spec.kind() + "-" + spec.name() + ".log");
        try {
            Files.createDirectories(logDir);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (!attached) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            pb.environment().putAll(spec.env());
            return new Component(spec, log, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.kind() + " " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    Spec spec() {
        return spec;
    }

    public String kind() {
        return spec.kind();
    }

    public String name() {
        return spec.name();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** True when it exited without being asked to. */
    boolean failed() {
        return !stopping && !process.isAlive();
    }

    /** Polls the ready URL until it answers 200 with an acceptable body; throws with the log when it dies or times out. */
    void awaitReady(long deadlineNanos) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(spec.readyUrl())).timeout(Duration.ofSeconds(2)).build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(failure("exited with code " + process.exitValue() + " while starting"));
            }
            try {
                HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && spec.readyBody().test(r.body())) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + spec.name(), e);
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException(failure("was not ready at " + spec.readyUrl() + " in time"));
            }
            sleep(100);
        }
    }

    /** A failure message that carries the end of the component's log. */
    String failure(String what) {
        StringBuilder sb = new StringBuilder(spec.kind()).append(' ').append(spec.name()).append(" (pid ").append(pid()).append(") ")
                .append(what).append("; the end of its log ").append(log).append(":");
        for (String line : logTail(20)) {
            sb.append("\n  | ").append(line);
        }
        return sb.toString();
    }

    List<String> logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }

    /** Asks it to stop (SIGTERM: it closes its servers). */
    void requestStop() {
        stopping = true;
        process.destroy();
    }

    /** Waits for it to exit after {@link #requestStop}, and kills it if it has not by the deadline. */
    void awaitStop(long deadlineNanos) {
        try {
            if (!process.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills it at once (SIGKILL), as a crash would. */
    void kill() {
        stopping = true;
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
