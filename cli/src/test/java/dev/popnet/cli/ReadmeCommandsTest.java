package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every shell block of README.md and configs/README.md as a reader would paste it, so the docs
 * cannot drift from what popnet does. Each block runs in a fresh copy of {@code configs/} where the
 * ports the docs use (8080, 8081, 8082, 5353, 8053) become free ones, with {@code ./popnet} running the
 * classes under test (scenarios capped at a few thousand requests). Line by line:
 * <ul>
 * <li>a line must exit 0, or the code its comment names ({@code # exits 2});</li>
 * <li>a line ending in {@code &} starts a server, and the next line waits until it says it listens;</li>
 * <li>a line whose comment says {@code until Ctrl-C} must still run, with output, after a few seconds;</li>
 * <li>a plain fenced block right after a shell block is its output: each of its lines must appear in
 *     what the block printed ({@code ...} matches anything);</li>
 * <li>{@code <!-- readme-test: skip REASON -->} before a block leaves it out (it needs root, say).</li>
 * </ul>
 */
class ReadmeCommandsTest {
    private static final Path ROOT = Path.of(System.getProperty("popnet.root.dir"));
    private static final List<Integer> DOC_PORTS = List.of(8080, 8081, 8082, 5353, 8053);
    private static final Pattern FENCE = Pattern.compile("^(\\s*)```\\s*([\\w-]*)\\s*$");
    private static final Pattern SKIP = Pattern.compile("<!--\\s*readme-test:\\s*skip\\s*(.*?)\\s*-->");
    private static final Pattern READY = Pattern.compile("listening on|serving \\S+ on|popnet up: ");

    @TempDir
    static Path tmp;

    /** One fenced shell block: where it is, its lines, the output shown after it, and why it is skipped (or null). */
    record Block(String file, int line, List<String> commands, List<String> expected, String skip) {
    }

    @TestFactory
    Stream<DynamicTest> everyShellBlockRuns() throws IOException {
        List<Block> blocks = new ArrayList<>();
        blocks.addAll(parse(ROOT.resolve("README.md")));
        blocks.addAll(parse(ROOT.resolve("configs/README.md")));
        assertTrue(blocks.stream().filter(b -> b.skip() == null).count() >= 8, "the README has runnable blocks: " + blocks);
        return blocks.stream().map(b -> DynamicTest.dynamicTest(b.file() + ":" + b.line(), () -> {
            if (b.skip() != null) {
                assertFalse(b.skip().isBlank(), b.file() + ":" + b.line() + ": a skipped block says why");
                return;
            }
            run(b);
        }));
    }

    static List<Block> parse(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Block> blocks = new ArrayList<>();
        String rel = ROOT.relativize(file).toString();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches() || !List.of("sh", "bash", "shell").contains(open.group(2))) {
                continue;
            }
            String skip = null;
            for (int back = i - 1; back >= 0 && back >= i - 2; back--) {
                Matcher m = SKIP.matcher(lines.get(back));
                if (m.find()) {
                    skip = m.group(1);
                }
            }
            int start = i;
            List<String> body = new ArrayList<>();
            for (i++; i < lines.size() && !FENCE.matcher(lines.get(i)).matches(); i++) {
                body.add(lines.get(i).strip());
            }
            List<String> expected = new ArrayList<>();
            int next = i + 1;
            while (next < lines.size() && lines.get(next).isBlank()) {
                next++;
            }
            Matcher out = next < lines.size() ? FENCE.matcher(lines.get(next)) : null;
            if (out != null && out.matches() && (out.group(2).isEmpty() || out.group(2).equals("text"))) {
                for (next++; next < lines.size() && !FENCE.matcher(lines.get(next)).matches(); next++) {
                    if (!lines.get(next).isBlank()) {
                        expected.add(lines.get(next).strip());
                    }
                }
                i = next;
            }
            blocks.add(new Block(rel, start + 1, joinContinuations(body), expected, skip));
        }
        return blocks;
    }

    private static List<String> joinContinuations(List<String> body) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String l : body) {
            if (l.endsWith("\\")) {
                current.append(l, 0, l.length() - 1).append(' ');
            } else {
                current.append(l);
                if (!current.toString().isBlank() && !current.toString().startsWith("#")) {
                    out.add(current.toString());
                }
                current.setLength(0);
            }
        }
        return out;
    }

    private void run(Block block) throws Exception {
        Map<Integer, Integer> ports = freePorts();
        Path work = Files.createDirectories(tmp.resolve("block-" + block.line() + "-" + Math.abs(block.file().hashCode())));
        prepare(work, ports);
        List<Process> background = new ArrayList<>();
        StringBuilder printed = new StringBuilder();
        try {
            for (String raw : block.commands()) {
                String line = remap(raw, ports);
                String where = block.file() + ":" + block.line() + ": `" + raw + "`";
                String comment = line.contains(" #") ? line.substring(line.indexOf(" #")) : "";
                String command = line.contains(" #") ? line.substring(0, line.indexOf(" #")).strip() : line;
                if (command.endsWith("&")) {
                    background.add(startServer(work, command.substring(0, command.length() - 1), where, printed));
                } else if (comment.contains("until Ctrl-C")) {
                    runForAWhile(work, command, where, printed);
                } else {
                    Matcher exits = Pattern.compile("exits (\\d+)").matcher(comment);
                    int wanted = exits.find() ? Integer.parseInt(exits.group(1)) : 0;
                    Result r = exec(work, command, 240);
                    printed.append(r.output());
                    assertEquals(wanted, r.code(), where + " exited " + r.code() + ":\n" + r.output());
                }
            }
            for (String expected : block.expected()) {
                String want = remap(expected, ports);
                Pattern p = Pattern.compile(Stream.of(want.split("\\.\\.\\.", -1)).map(Pattern::quote).reduce((a, b) -> a + ".*").orElse(""));
                assertTrue(p.matcher(printed).find(), block.file() + ":" + block.line() + ": the README shows `" + expected
                        + "` but the block printed:\n" + printed);
            }
        } finally {
            for (Process p : background) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            }
        }
    }

    /** A copy of configs/ with the docs' ports replaced, ./popnet on the classes under test, ../shared beside it. */
    private static void prepare(Path work, Map<Integer, Integer> ports) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve("configs"))) {
            for (Path f : files.toList()) {
                Path to = work.resolve(ROOT.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.writeString(to, remap(Files.readString(f), ports));
                }
            }
        }
        Path shared = Path.of(System.getProperty("popnet.shared.dir"));
        if (Files.isDirectory(shared) && !Files.exists(work.getParent().resolve("shared"))) {
            Files.createSymbolicLink(work.getParent().resolve("shared"), shared.toAbsolutePath());
        }
        Path script = work.resolve("popnet");
        Files.writeString(script, "#!/usr/bin/env bash\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -XX:TieredStopAtLevel=1 -Xss512k -Dpopnet.max-requests=3000 -Dpopnet.home='" + work + "' -cp '"
                + System.getProperty("java.class.path") + "' dev.popnet.cli.Popnet \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String remap(String text, Map<Integer, Integer> ports) {
        String out = text;
        for (Map.Entry<Integer, Integer> e : ports.entrySet()) {
            out = out.replaceAll("(?<![0-9.])" + e.getKey() + "(?![0-9])", String.valueOf(e.getValue()));
        }
        return out;
    }

    /** Ports free on loopback now, TCP and UDP (5353 serves DNS on both). */
    private static Map<Integer, Integer> freePorts() throws IOException {
        Map<Integer, Integer> m = new LinkedHashMap<>();
        for (int docPort : DOC_PORTS) {
            while (true) {
                try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                        DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
                    if (!m.containsValue(tcp.getLocalPort())) {
                        m.put(docPort, tcp.getLocalPort());
                        break;
                    }
                } catch (java.net.BindException taken) {
                    // that port is free for TCP only; draw again
                }
            }
        }
        return m;
    }

    private record Result(int code, String output) {
    }

    private static Result exec(Path work, String command, int seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile(work, "out", ".txt");
        Process p = shell(work, command, log);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            throw new AssertionError("`" + command + "` ran longer than " + seconds + " s:\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Process shell(Path work, String command, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("POPNET_"));
        return pb.start();
    }

    private static Process startServer(Path work, String command, String where, StringBuilder printed) throws Exception {
        Path log = Files.createTempFile(work, "server", ".txt");
        Process p = shell(work, command, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!READY.matcher(Files.readString(log)).find()) {
            assertTrue(p.isAlive(), where + " exited " + (p.isAlive() ? "" : p.exitValue()) + " while starting:\n" + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, where + " said nothing about listening in 120 s:\n" + Files.readString(log));
            Thread.sleep(50);
        }
        printed.append(Files.readString(log));
        return p;
    }

    private static void runForAWhile(Path work, String command, String where, StringBuilder printed) throws Exception {
        Path log = Files.createTempFile(work, "watch", ".txt");
        Process p = shell(work, command, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.size(log) == 0 && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(50);
        }
        Thread.sleep(2500);
        assertTrue(p.isAlive(), where + " should run until Ctrl-C, but exited:\n" + Files.readString(log));
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
        String out = Files.readString(log);
        assertFalse(out.isBlank(), where + " printed nothing");
        printed.append(out);
    }
}
