package dev.popnet.cli;

import dev.popnet.origin.OriginConfig;
import dev.popnet.origin.OriginServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code popnet origin}: serves static files and synthetic objects until stopped. */
@Command(name = "origin", description = "Run the origin server (static files and synthetic /obj/{id} objects).")
public final class OriginCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--host", description = "Address to listen on (default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port to listen on (default 8080, 0 picks a free one).")
    Integer port;

    @Option(names = "--root", paramLabel = "DIR", description = "Directory of static files to serve.")
    Path root;

    @Override
    public Integer call() throws Exception {
        OriginConfig settings = config.flag("host", host).flag("port", port)
                .flag("root", root == null ? null : root.toAbsolutePath()).load(OriginConfig.class);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(settings.effectiveEventLoops()));
        OriginServer origin = ServerLifetime.start(vertx, () -> OriginServer.start(vertx, settings));
        System.out.println("popnet origin listening on http://" + settings.host() + ":" + origin.port()
                + (settings.root() == null ? " (synthetic objects only)" : " (root " + settings.root() + ")"));
        return ServerLifetime.runUntilStopped(vertx, origin::close);
    }
}
