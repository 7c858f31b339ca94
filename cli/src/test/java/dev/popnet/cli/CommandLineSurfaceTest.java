package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every command shares: --help and -h, popnet help CMD, one exit-code policy, messages without Java internals. */
class CommandLineSurfaceTest {
    private static final String ROOT = System.getProperty("popnet.root.dir");

    /** The commands `popnet --help` lists, read from its output as a user reads it. */
    private static List<String> listedCommands() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.code(), help.err());
        String list = help.out().substring(help.out().indexOf("Commands:"));
        List<String> names = list.lines().filter(l -> l.matches("  [a-z][a-z-]* .*")).map(l -> l.trim().split("\\s+")[0]).toList();
        assertTrue(names.containsAll(List.of("origin", "edge", "dns", "up", "down", "live", "simulate", "stats", "purge", "help")), names.toString());
        return names;
    }

    @Test
    void everyCommandAnswersHelpAndDashH() {
        for (String command : listedCommands()) {
            for (String flag : List.of("--help", "-h")) {
                CliRun run = CliRun.of(command, flag);
                assertEquals(0, run.code(), command + " " + flag + ": " + run.err());
                assertTrue(run.out().contains("Usage: popnet " + command), command + " " + flag + ": " + run.out());
            }
            CliRun help = CliRun.of("help", command);
            assertEquals(0, help.code(), "popnet help " + command + ": " + help.err());
            assertTrue(help.out().contains("Usage: popnet " + command), help.out());
        }
    }

    @Test
    void versionNamesTheBuildAndItsCommit() {
        CliRun run = CliRun.of("--version");
        assertEquals(0, run.code());
        boolean inGit = Files.exists(Path.of(ROOT, ".git"));
        String pattern = inGit ? "popnet \\d+\\.\\d+\\.\\d+\\S* \\(commit [0-9a-f]{7,}(, with uncommitted changes)?\\)\\s*"
                : "popnet \\S+ \\(commit \\S+\\)\\s*";
        assertTrue(run.out().matches(pattern), run.out());
    }

    @Test
    void badFlagsAreUsageErrorsWithoutJavaInternals() {
        assertUsageError(CliRun.of("simulate", "--policy", "lruu"), "unknown eviction policy 'lruu'", "lru");
        assertUsageError(CliRun.of("simulate", "--capacity", "1XB"), "not a byte size: '1XB'");
        assertUsageError(CliRun.of("edge", "--capacity", "lots"), "not a byte size");
        assertUsageError(CliRun.of("edge", "--policy", "lruu", "--check"), "unknown eviction policy");
        assertUsageError(CliRun.of("simulate", "--bogus"), "Unknown option: '--bogus'");
        assertUsageError(CliRun.of("simulate", "--format", "pdf"), "'pdf' is not one of table, json, csv, html");
        assertUsageError(CliRun.of("simulate", "--replay", "x.csv"), "--replay needs --capacity");
        assertUsageError(CliRun.of("stats", "--watch", "-1", "http://127.0.0.1:1"), "positive interval");
        assertUsageError(CliRun.of("origin", "--log-level", "loud", "--check"), "'loud' is not a log level");
        assertUsageError(CliRun.of("purge", "http://127.0.0.1:1", "--url", "/x"), "no token");
        assertUsageError(CliRun.of("nonsense"), "Unmatched argument");
    }

    @Test
    void badConfigurationIsExitTwoInTheFilesWords(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("edge.yaml");
        Files.writeString(f, "port: eighty\n");
        CliRun run = CliRun.of("edge", "-c", f.toString(), "--check");
        assertUsageError(run, f.toString(), "port: expected a whole number (got eighty)");
        assertUsageError(CliRun.of("dns", "--set", "strategy=closest", "--check"), "expected one of nearest, lowest-latency, anycast");
        assertUsageError(CliRun.of("origin", "--root", dir.resolve("no-such-site").toString(), "--check"), "root: no such directory");
    }

    @Test
    void checkValidatesTheShippedConfigsAndStartsNothing() {
        for (String[] c : List.of(new String[] {"origin", "origin.yaml"}, new String[] {"edge", "edge.yaml"}, new String[] {"dns", "dns.yaml"})) {
            CliRun run = CliRun.of(c[0], "--check", "-c", Path.of(ROOT, "configs", c[1]).toString());
            assertEquals(0, run.code(), run.err());
            assertEquals("popnet " + c[0] + ": configuration ok (" + Path.of(ROOT, "configs", c[1]) + ", POPNET_* environment)\n", run.out());
        }
    }

    @Test
    void enumFlagsTakeAnyCaseAndDashes(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("t.csv");
        Files.writeString(trace, "timestamp,key,size\n1,7,10\n2,8,10\n3,7,10\n");
        CliRun replay = CliRun.of("simulate", "--replay", trace.toString(), "--trace-format", "CSV", "--capacity", "100", "--no-files");
        assertEquals(0, replay.code(), replay.err());
        CliRun oracle = CliRun.of("simulate", "--replay", trace.toString(), "--trace-format", "oracle-general", "--capacity", "100", "--no-files");
        assertFalse(oracle.err().contains("Invalid value for option '--trace-format'"), "oracle-general is a known format: " + oracle.err());
        CliRun formats = CliRun.of("simulate", "--quiet", "--requests", "2000", "--format", "JSON,html", "--out", dir.toString(),
                Path.of(ROOT, "configs", "scenarios", "quickstart.yaml").toString());
        assertEquals(0, formats.code(), formats.err());
        assertTrue(Files.exists(dir.resolve("result.json")) && Files.exists(dir.resolve("report.html")));
        assertFalse(Files.exists(dir.resolve("pops.csv")), "only the formats asked for");
    }

    @Test
    void runtimeFailuresAreExitOneWithoutStackTraces() {
        CliRun stats = CliRun.of("stats", "--timeout", "1s", "http://127.0.0.1:1");
        assertEquals(1, stats.code());
        assertTrue(stats.out().contains("connection refused"), stats.out());
        CliRun purge = CliRun.of("purge", "--token", "t", "http://127.0.0.1:1", "--prefix", "/");
        assertEquals(1, purge.code());
        assertTrue(purge.out().contains("unreachable: connection refused"), purge.out());
        assertFalse(purge.out().contains("null"), purge.out());
    }

    @Test
    void completionScriptAndManPageComeFromTheCommands() {
        CliRun completion = CliRun.of("generate-completion");
        assertEquals(0, completion.code(), completion.err());
        assertTrue(completion.out().contains("complete -F _complete_popnet") && completion.out().contains("--trace-format"), completion.out());
        String man = ManPage.render(Popnet.commandLine());
        assertTrue(man.startsWith(".TH POPNET 1"), man);
        for (String command : listedCommands()) {
            assertTrue(man.contains("popnet " + command.replace("-", "\\-")), command + " missing from the man page");
        }
    }

    private static void assertUsageError(CliRun run, String... fragments) {
        assertEquals(2, run.code(), run.out() + run.err());
        for (String f : fragments) {
            assertTrue(run.err().contains(f), "'" + f + "' missing: " + run.err());
        }
        for (String internal : List.of("Exception", "java.", "Cannot deserialize", ": null", "\tat ")) {
            assertFalse(run.err().contains(internal), "Java internals in: " + run.err());
        }
    }
}
