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
}
