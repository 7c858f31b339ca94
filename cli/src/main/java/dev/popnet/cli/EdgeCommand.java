package dev.popnet.cli;

import dev.popnet.edge.EdgeConfig;
import dev.popnet.edge.EdgeServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code popnet edge}: a caching reverse proxy in front of an origin, until stopped. */
@Command(name = "edge", description = "Run an edge node: an RFC 9111 caching reverse proxy in front of an origin.")
public final class EdgeCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--host", description = "Address to listen on (default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port to listen on (default 8081, 0 picks a free one).")
    Integer port;

    @Option(names = "--origin", paramLabel = "URL", description = "Origin base URL (default http://127.0.0.1:8080).")
    String origin;

    @Option(names = "--capacity", paramLabel = "SIZE", description = "Memory for cached responses, e.g. 1GiB (default 256MiB).")
    String capacity;

    @Option(names = "--policy", description = "Eviction policy (default caffeine): caffeine lru fifo clock sieve lfu lfuda gdsf arc s3fifo 2q slru lirs wtinylfu lecar.")
    String policy;

    @Override
    public Integer call() throws Exception {
        EdgeConfig settings = config.flag("host", host).flag("port", port).flag("origin", origin).flag("capacity", capacity)
                .flag("policy", policy).load(EdgeConfig.class);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(settings.effectiveEventLoops()));
        EdgeServer edge = ServerLifetime.start(vertx, () -> EdgeServer.start(vertx, settings));
        System.out.printf("popnet edge %s listening on http://%s:%d, origin %s, %s cache of %,d bytes%s%n", settings.node(), settings.host(),
                edge.port(), settings.origin(), settings.policy(), settings.capacity(),
                settings.purgeToken() == null ? " (purge disabled: no purge-token)" : "");
        return ServerLifetime.runUntilStopped(vertx, edge::close);
    }
}
