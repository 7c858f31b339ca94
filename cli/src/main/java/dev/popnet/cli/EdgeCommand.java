package dev.popnet.cli;

import dev.popnet.core.log.AccessLogWriter;
import dev.popnet.edge.EdgeConfig;
import dev.popnet.edge.EdgeServer;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code popnet edge}: a caching reverse proxy in front of an origin, until stopped. */
@Command(name = "edge", addMethodSubcommands = false, description = "Run an edge node: an RFC 9111 caching reverse proxy in front of an origin.")
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

    @Option(names = "--https-port", paramLabel = "P",
            description = "Also serve HTTPS (HTTP/2 and HTTP/1.1 by ALPN) on this port; needs --tls-cert and --tls-key (sets tls.enabled).")
    Integer httpsPort;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain for HTTPS (tls.cert).")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert (tls.key).")
    String tlsKey;

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
                .flag("policy", policy).flag("disk.dir", disk).flag("disk.capacity", diskCapacity)
                .flag("tls.enabled", httpsPort == null ? null : true).flag("tls.port", httpsPort)
                .flag("tls.cert", tlsCert).flag("tls.key", tlsKey).load(EdgeConfig.class);
        if (config.check) {
            checkFiles(settings);
        }
        if (config.checked("edge", spec.commandLine().getOut())) {
            return 0;
        }
        AccessLogWriter log = accessLog.open("popnet edge");
        Vertx vertx = Vertx.vertx(EdgeServer.vertxOptions(settings));
        EdgeServer edge = ServerLifetime.start(vertx, () -> EdgeServer.start(vertx, settings, log));
        // SIGHUP (systemctl reload) reads the file, environment and flags again; a bad one is refused and logged, the process stays.
        edge.reloadFrom(() -> config.load(EdgeConfig.class));
        Signals.onHup(() -> {
            if (log != null) {
                log.reopen();
            }
            LOG.info("SIGHUP: reloading settings");
            edge.reload();
        });
        ServerMetrics.OnFirstScrape metrics = new ServerMetrics.OnFirstScrape(edge.meterRegistry(), "edge");
        edge.addMetersOnFirstScrape(metrics);
        ServerLifetime.started("popnet edge " + settings.node(), "http://" + settings.host() + ":" + edge.port());
        System.out.printf("popnet edge %s listening on http://%s:%d%s, origin %s, %s cache of %,d bytes%s%s%n", settings.node(), settings.host(),
                edge.port(), edge.httpsPort() > 0 ? " and https://" + settings.host() + ":" + edge.httpsPort() : "", settings.origin(),
                settings.policy(), settings.capacity(),
                settings.disk().enabled() ? String.format(", disk tier of %,d bytes in %s", settings.disk().capacity(), settings.disk().dir()) : "",
                settings.purgeToken() == null ? " (purge disabled: no purge-token)" : "");
        return ServerLifetime.runUntilStopped("popnet edge " + settings.node(), vertx, drainTime, () -> {
            if (!drainTime.isZero()) { // logged here: java.util.logging, which the edge logs through, is reset as the JVM stops
                LOG.info("draining: /health answers 503 for {} before the edge stops", dev.popnet.core.config.Durations.format(drainTime));
            }
            return edge.drainThenClose(drainTime);
        }, log, metrics);
    }

    /** --check reads what the settings name outside themselves too (certificates, keys, CA files), as a start would. */
    private static void checkFiles(EdgeConfig settings) {
        Vertx vertx = Vertx.vertx();
        try {
            EdgeServer.check(vertx, settings);
        } finally {
            vertx.close();
        }
    }
}
