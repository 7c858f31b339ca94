package dev.popnet.cli;

import dev.popnet.core.log.AccessLogFormat;
import dev.popnet.core.log.AccessLogWriter;
import dev.popnet.edge.EdgeConfig;
import dev.popnet.edge.EdgeServer;
import dev.popnet.origin.OriginConfig;
import dev.popnet.origin.OriginServer;
import dev.popnet.simulator.replay.ZipfTrace;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * What the launcher runs once under {@code -XX:ArchiveClassesAtExit} to make the class-data-sharing
 * archive: the start-up path of a server (flags, config, Vert.x, an origin and an edge with metrics and
 * access logs, the log line a started server writes) and one request proxied as a miss and as a hit,
 * and a small trace replayed through the command line as {@code popnet simulate --replay} runs it, then
 * exit. Hidden from the help.
 */
@Command(name = "cds-training", hidden = true, description = "Exercise server start-up once, for the class-data-sharing archive.")
public final class CdsTrainingCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        Path logDir = Files.createTempDirectory("popnet-cds");
        Vertx vertx = Vertx.vertx();
        try (AccessLogWriter log = new AccessLogWriter(logDir.resolve("access.log"), AccessLogFormat.COMBINED)) {
            OriginServer origin = OriginServer.start(vertx, OriginConfig.defaults().withPort(0), log).await(30, TimeUnit.SECONDS);
            ServerMetrics.bind(origin.meterRegistry(), "origin");
            EdgeConfig edgeConfig = new ConfigOptions().flag("port", 0).flag("origin", "http://127.0.0.1:" + origin.port()).load(EdgeConfig.class);
            EdgeServer edge = EdgeServer.start(vertx, edgeConfig, log).await(30, TimeUnit.SECONDS);
            ServerMetrics.bind(edge.meterRegistry(), "edge");
            ServerLifetime.started("popnet cds-training", "http://127.0.0.1:" + edge.port()); // a log line, as a server writes once up
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + edge.port();
            for (String path : new String[] {"/obj/1?size=4096&ttl=60", "/obj/1?size=4096&ttl=60", "/stats", "/metrics", "/health"}) {
                http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
            }
            edge.close().compose(v -> origin.close()).await(10, TimeUnit.SECONDS);
            replay(logDir.resolve("trace.oracleGeneral.bin"));
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            try (var files = Files.list(logDir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(logDir);
        }
        return 0;
    }

    /** A replay is mostly start-up on a small trace, so its classes belong in the archive too. */
    private static void replay(Path trace) throws Exception {
        ZipfTrace.write(trace, 1000, 0.9, 20_000, 4096, 1);
        CommandLine cl = Popnet.commandLine();
        cl.setOut(new PrintWriter(Writer.nullWriter()));
        cl.setErr(new PrintWriter(Writer.nullWriter()));
        cl.execute("simulate", "--replay", trace.toString(), "--policy", "lru", "--capacity", "0.1", "--objects", "--no-files", "--quiet");
    }
}
