package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StatsCommandTest {
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serve("/stats", 200, "{\"requests\":42,\"cache\":{\"hits\":40,\"hit_ratio\":0.952},\"latency\":{\"p99_ms\":1.5}}");
        serve("/other", 200, "{\"requests\":7,\"pops\":[{\"name\":\"fra\",\"healthy\":true}]}");
        serve("/broken", 200, "not json");
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void serve(String path, int status, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private record Run(int code, String out) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = Popnet.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        String[] full = new String[args.length + 1];
        full[0] = "stats";
        System.arraycopy(args, 0, full, 1, args.length);
        return new Run(cl.execute(full), out.toString());
    }

    @Test
    void tableHasOneColumnPerEndpointAndFlattenedKeys() {
        Run r = run(base, base + "/other");
        assertEquals(0, r.code(), r.out());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].contains(base + "/stats") && lines[0].contains(base + "/other"), lines[0]);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("requests") && l.contains("42") && l.contains("7")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("cache.hit_ratio") && l.contains("0.952")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("pops[0].name") && l.contains("fra")), r.out());
    }

    @Test
    void jsonOutputIsKeyedByUrl() throws Exception {
        Run r = run("--json", base);
        assertEquals(0, r.code());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(40, doc.get(base + "/stats").get("cache").get("hits").asInt());
    }

    @Test
    void unreachableAndNonJsonEndpointsAreReportedNotFatal() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Run r = run("--timeout", "1s", base, base + "/broken", "http://127.0.0.1:" + closedPort);
        assertEquals(1, r.code(), "a failed endpoint makes the exit code 1");
        assertTrue(r.out().contains("42"), "the healthy endpoint is still shown");
        assertTrue(r.out().contains("not JSON"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("error")), r.out());
    }

    @Test
    void ratiosAreRoundedAndWatchShowsRatesPerSecond() throws Exception {
        ObjectMapper m = new ObjectMapper();
        StatsTable before = new StatsTable();
        before.add("e", m.readTree("{\"requests\":100,\"hit_ratio\":0.9523809523809523,\"node\":\"lon-1\"}"));
        StatsTable now = new StatsTable();
        now.add("e", m.readTree("{\"requests\":150,\"hit_ratio\":0.5,\"node\":\"lon-1\"}"));
        assertTrue(before.render().contains("0.9524") && !before.render().contains("0.95238"), before.render());
        String watched = now.render(before, 0.5);
        assertTrue(watched.lines().anyMatch(l -> l.startsWith("requests") && l.endsWith("150 (+100/s)")), watched);
        assertTrue(watched.lines().anyMatch(l -> l.startsWith("hit_ratio") && l.endsWith("0.5")), watched);
        assertEquals("1000", StatsTable.rounded(1000.0));
    }

    @Test
    void watchTakesFractionalIntervalsAndNeverClearsAScreenThatIsNotThere() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = Popnet.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter())); // the interrupt that ends the watch is reported there
        Thread watcher = new Thread(() -> cl.execute("stats", "--watch", "0.1", base));
        watcher.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (out.toString().split("popnet stats at").length < 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        watcher.interrupt();
        watcher.join(5000);
        String text = out.toString();
        assertTrue(text.split("popnet stats at").length >= 4, "three rounds within the deadline at 0.1 s: " + text);
        assertTrue(text.contains("every 100ms"), text);
        assertTrue(!text.contains("\033["), "no escape codes when the output is not a terminal");
    }
}
