package dev.popnet.cli;

import dev.popnet.core.config.ConfigException;
import dev.popnet.core.log.AccessLogWriter;
import dev.popnet.origin.OriginConfig;
import dev.popnet.origin.OriginServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code popnet origin}: serves static files and synthetic objects until stopped. */
@Command(name = "origin", addMethodSubcommands = false, description = "Run the origin server (static files and synthetic /obj/{id} objects).")
public final class OriginCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Mixin
    AccessLogOptions accessLog;

    @Option(names = "--host", description = "Address to listen on (default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port to listen on (default 8080, 0 picks a free one).")
    Integer port;

    @Option(names = "--root", paramLabel = "DIR", description = "Directory of static files to serve (default: none, only /obj/{id}).")
    Path root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OriginConfig settings = config.flag("host", host).flag("port", port)
                .flag("root", root == null ? null : root.toAbsolutePath()).load(OriginConfig.class);
        if (settings.root() != null && !Files.isDirectory(Path.of(settings.root()))) {
            throw new ConfigException("popnet origin", "root", "no such directory (got " + settings.root() + ")");
        }
        if (config.checked("origin", spec.commandLine().getOut())) {
            return 0;
        }
        AccessLogWriter log = accessLog.open("popnet origin");
        // Native epoll where it loads: its timers fire within about 0.1 ms, NIO's up to a millisecond late, and the
        // injected latency (faults.latency) is what a live run's fills are measured against.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(settings.effectiveEventLoops()).setPreferNativeTransport(true));
        OriginServer origin = ServerLifetime.start(vertx, () -> OriginServer.start(vertx, settings, log));
        AutoCloseable metrics = ServerMetrics.bind(origin.meterRegistry(), "origin");
        ServerLifetime.started("popnet origin", "http://" + settings.host() + ":" + origin.port());
        System.out.println("popnet origin listening on http://" + settings.host() + ":" + origin.port()
                + (settings.root() == null ? " (synthetic objects only)" : " (root " + settings.root() + ")"));
        return ServerLifetime.runUntilStopped("popnet origin", vertx, origin::close, log, metrics);
    }
}
