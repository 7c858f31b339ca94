package dev.popnet.cli;

import java.io.IOException;
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

/** A popnet command run as its own process, as a user runs it, with stdout and stderr in files of a folder. */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;

    private ServerProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static ServerProcess start(Path dir, String name, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xss512k", "-cp", System.getProperty("java.class.path"), "dev.popnet.cli.Popnet"));
        command.addAll(List.of(args));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("POPNET_"));
        pb.environment().putAll(env);
        return new ServerProcess(pb.start(), out, err);
    }

    /** Waits until standard output has a match for {@code regex} and returns its first group. */
    String awaitOutput(String regex, Duration timeout) throws IOException, InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(Files.readString(out, StandardCharsets.UTF_8));
            if (m.find()) {
                return m.group(1);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with " + process.exitValue() + ": " + Files.readString(err));
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no '" + regex + "' in time; stdout: " + Files.readString(out) + " stderr: " + Files.readString(err));
    }

    long pid() {
        return process.pid();
    }

    String stdout() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    /** SIGTERM, as systemd stops a unit; returns the exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself (after a signal sent earlier); returns the exit status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("still running after " + timeout);
        }
        return process.exitValue();
    }

    void signal(String name) throws IOException, InterruptedException {
        int code = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
        if (code != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
