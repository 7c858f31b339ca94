package dev.popnet.cli;

import dev.popnet.core.log.AccessLogFormat;
import dev.popnet.core.log.AccessLogWriter;
import dev.popnet.dns.DnsConfig;
import dev.popnet.dns.DnsServer;
import dev.popnet.edge.EdgeConfig;
import dev.popnet.edge.EdgeServer;
import dev.popnet.origin.OriginConfig;
import dev.popnet.origin.OriginServer;
import dev.popnet.simulator.replay.ZipfTrace;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * What the launcher runs once under {@code -XX:ArchiveClassesAtExit} to make the class-data-sharing
 * archive: the start-up path of a server (flags, config, Vert.x, an origin and an edge with metrics and
 * access logs, the log line a started server writes) and one request proxied as a miss and as a hit,
 * a DNS router's start-up and one answer, a small trace replayed through the command line as
 * {@code popnet simulate --replay} runs it, and {@code popnet --version}, then exit. Hidden from the help.
 */
@Command(name = "cds-training", addMethodSubcommands = false, hidden = true, description = "Exercise server start-up once, for the class-data-sharing archive.")
public final class CdsTrainingCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        Path logDir = Files.createTempDirectory("popnet-cds");
        OriginConfig originConfig = OriginConfig.defaults().withPort(0);
        // Each server on a Vert.x made as its command makes it: the edge's takes Netty's native epoll transport.
        Vertx originVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(originConfig.effectiveEventLoops()));
        Vertx edgeVertx = null;
        try (AccessLogWriter log = new AccessLogWriter(logDir.resolve("access.log"), AccessLogFormat.COMBINED)) {
            OriginServer origin = OriginServer.start(originVertx, originConfig, log).await(30, TimeUnit.SECONDS);
            ServerMetrics.bind(origin.meterRegistry(), "origin");
            EdgeConfig edgeConfig = new ConfigOptions().flag("port", 0).flag("origin", "http://127.0.0.1:" + origin.port()).load(EdgeConfig.class);
            edgeVertx = Vertx.vertx(EdgeServer.vertxOptions(edgeConfig));
            EdgeServer edge = EdgeServer.start(edgeVertx, edgeConfig, log).await(30, TimeUnit.SECONDS);
            edge.addMetersOnFirstScrape(new ServerMetrics.OnFirstScrape(edge.meterRegistry(), "edge")); // bound by the /metrics below
            Signals.onHup(() -> { }); // as a server registers its reload
            ServerLifetime.started("popnet cds-training", "http://127.0.0.1:" + edge.port()); // a log line, as a server writes once up
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + edge.port();
            for (String path : new String[] {"/obj/1?size=4096&ttl=60", "/obj/1?size=4096&ttl=60", "/stats", "/metrics", "/health"}) {
                http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
            }
            edge.close().compose(v -> origin.close()).await(10, TimeUnit.SECONDS);
            dns(originVertx);
            replay(logDir.resolve("trace.oracleGeneral.bin"));
        } finally {
            if (edgeVertx != null) {
                edgeVertx.close().await(10, TimeUnit.SECONDS);
            }
            originVertx.close().await(10, TimeUnit.SECONDS);
            try (var files = Files.list(logDir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(logDir);
        }
        return 0;
    }

    /** The DNS router's start-up and one answer over UDP, as {@code popnet dns} serves it. */
    private static void dns(Vertx vertx) throws Exception {
        DnsConfig config = new ConfigOptions().flag("port", 0).flag("stats-port", 0).load(DnsConfig.class);
        DnsServer dns = DnsServer.start(vertx, config, null).await(30, TimeUnit.SECONDS);
        try {
            ServerMetrics.bind(dns.meterRegistry(), "dns");
            SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
            resolver.setPort(dns.port());
            resolver.setTimeout(Duration.ofSeconds(5));
            resolver.send(Message.newQuery(Record.newRecord(Name.fromString("www." + config.zone()), Type.A, DClass.IN)));
        } finally {
            dns.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** A replay is mostly start-up on a small trace, so its classes belong in the archive too; so do --version's. */
    private static void replay(Path trace) throws Exception {
        ZipfTrace.write(trace, 1000, 0.9, 20_000, 4096, 1);
        quietly(Popnet.commandLine()).execute("simulate", "--replay", trace.toString(), "--policy", "lru", "--capacity", "0.1", "--objects",
                "--no-files", "--quiet");
        quietly(Popnet.versionOnly()).execute("--version");
    }

    private static CommandLine quietly(CommandLine cl) {
        cl.setOut(new PrintWriter(Writer.nullWriter()));
        cl.setErr(new PrintWriter(Writer.nullWriter()));
        return cl;
    }
}
