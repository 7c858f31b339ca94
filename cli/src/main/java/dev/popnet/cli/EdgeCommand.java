package dev.popnet.cli;

import dev.popnet.core.log.AccessLogWriter;
import dev.popnet.edge.EdgeConfig;
import dev.popnet.edge.EdgeServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code popnet edge}: a caching reverse proxy in front of an origin, until stopped. */
@Command(name = "edge", description = "Run an edge node: an RFC 9111 caching reverse proxy in front of an origin.")
public final class EdgeCommand implements Callable<Integer> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EdgeCommand.class);

    @Mixin
    ConfigOptions config;

    @Mixin
    AccessLogOptions accessLog;

    @Option(names = "--host", description = "Address to listen on (default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port to listen on (default 8081, 0 picks a free one).")
    Integer port;

    @Option(names = "--origin", paramLabel = "URL", description = "Origin base URL (default http://127.0.0.1:8080).")
    String origin;

    @Option(names = "--capacity", paramLabel = "SIZE", converter = ByteSizeFlag.class,
            description = "Memory for cached responses, e.g. 1GiB (default 256MiB).")
    String capacity;

    @Option(names = "--policy", converter = PolicyFlag.class,
            description = "Eviction policy (default caffeine): caffeine lru fifo clock sieve lfu lfuda gdsf arc s3fifo 2q slru lirs wtinylfu lecar.")
    String policy;

    @Option(names = "--disk", paramLabel = "DIR", description = "Keep a disk tier of cached responses in DIR; it survives restarts (config disk.dir).")
    String disk;

    @Option(names = "--disk-capacity", paramLabel = "SIZE", converter = ByteSizeFlag.class,
            description = "Bytes the disk tier may hold, e.g. 50GiB (config disk.capacity; default 10GiB).")
    String diskCapacity;

    @Option(names = "--drain-time", paramLabel = "DURATION", defaultValue = "${env:POPNET_DRAIN_TIME:-0s}", converter = DurationConverter.class,
            description = "On SIGTERM, first answer /health with 503 for this long (e.g. the DNS router's fall x interval), "
                    + "still serving, then stop (env POPNET_DRAIN_TIME; default 0s).")
    java.time.Duration drainTime;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EdgeConfig settings = config.flag("host", host).flag("port", port).flag("origin", origin).flag("capacity", capacity)
                .flag("policy", policy).flag("disk.dir", disk).flag("disk.capacity", diskCapacity).load(EdgeConfig.class);
        if (config.checked("edge", spec.commandLine().getOut())) {
            return 0;
        }
        AccessLogWriter log = accessLog.open("popnet edge");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(settings.effectiveEventLoops()));
        EdgeServer edge = ServerLifetime.start(vertx, () -> EdgeServer.start(vertx, settings, log));
        AutoCloseable metrics = ServerMetrics.bind(edge.meterRegistry(), "edge");
        System.out.printf("popnet edge %s listening on http://%s:%d, origin %s, %s cache of %,d bytes%s%s%n", settings.node(), settings.host(),
                edge.port(), settings.origin(), settings.policy(), settings.capacity(),
                settings.disk().enabled() ? String.format(", disk tier of %,d bytes in %s", settings.disk().capacity(), settings.disk().dir()) : "",
                settings.purgeToken() == null ? " (purge disabled: no purge-token)" : "");
        ServerLifetime.started("popnet edge " + settings.node(), "http://" + settings.host() + ":" + edge.port());
        return ServerLifetime.runUntilStopped("popnet edge " + settings.node(), vertx, () -> drainThenClose(edge), log, metrics);
    }

    private io.vertx.core.Future<Void> drainThenClose(EdgeServer edge) {
        if (drainTime.isZero()) {
            return edge.close();
        }
        edge.drain();
        LOG.info("draining: /health answers 503 for {} before the edge stops", dev.popnet.core.config.Durations.format(drainTime));
        try {
            Thread.sleep(drainTime.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return edge.close();
    }
}
