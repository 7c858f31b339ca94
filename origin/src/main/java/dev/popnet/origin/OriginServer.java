package dev.popnet.origin;

import dev.popnet.core.log.AccessLogEntry;
import dev.popnet.core.time.Ticker;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The origin: static files and synthetic objects with validators, ranges and fault injection.
 * One HTTP server per event loop share the port.
 */
public final class OriginServer {
    private final Vertx vertx;
    private final OriginConfig config;
    private final FaultSwitch faults;
    private final OriginStats stats = new OriginStats();
    private final AtomicInteger port = new AtomicInteger();
    private final List<String> deploymentIds = new CopyOnWriteArrayList<>();
    private final Consumer<AccessLogEntry> accessLog;

    private final Ticker ticker;

    private OriginServer(Vertx vertx, OriginConfig config, Consumer<AccessLogEntry> accessLog, Ticker ticker) {
        this.vertx = vertx;
        this.ticker = ticker;
        this.accessLog = accessLog;
        this.config = config;
        this.faults = new FaultSwitch(config.faults());
    }

    public static Future<OriginServer> start(Vertx vertx, OriginConfig config) {
        return start(vertx, config, null);
    }

    /** @param accessLog receives a line for every request answered, or null for none */
    public static Future<OriginServer> start(Vertx vertx, OriginConfig config, Consumer<AccessLogEntry> accessLog) {
        return start(vertx, config, accessLog, Ticker.system());
    }

    /** @param ticker the origin's clock: its Date headers and the versions of changing objects */
    public static Future<OriginServer> start(Vertx vertx, OriginConfig config, Consumer<AccessLogEntry> accessLog, Ticker ticker) {
        OriginServer server = new OriginServer(vertx, config, accessLog, ticker);
        return server.deploy().map(server);
    }

    private Future<Void> deploy() {
        CacheControlRules rules = new CacheControlRules(config.rules(), config.defaultCacheControl());
        StaticFiles files;
        try {
            files = config.root() == null ? null : new StaticFiles(Path.of(config.root()), rules);
        } catch (IOException e) {
            return Future.failedFuture(new UncheckedIOException("content root " + config.root() + " is not readable", e));
        }
        OriginHandler handler = new OriginHandler(vertx, ticker, faults, stats,
                new SyntheticObjects(config, rules), files, new AdminEndpoint(faults, config.adminToken()), accessLog);
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setMaxInitialLineLength(config.maxUriLength())
                .setMaxHeaderSize(config.maxHeaderSize())
                .setCompressionSupported(false)
                .setHandle100ContinueAutomatically(true)
                .setHttp2ClearTextEnabled(false);
        // One server per event loop; Vert.x binds the socket once and shares it. A negative port means
        // "a random port shared by every server asking for this same negative number", so each server
        // of the process draws its own.
        int listenPort = config.port() == 0 ? -1 - java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 30) : config.port();
        return vertx.deployVerticle(() -> new Listener(options, handler, listenPort),
                new DeploymentOptions().setInstances(config.effectiveEventLoops()))
                .onSuccess(deploymentIds::add).mapEmpty();
    }

    public int port() {
        return port.get();
    }

    public FaultSwitch faults() {
        return faults;
    }

    public OriginConfig config() {
        return config;
    }

    /** Where /metrics comes from: the origin's own meters, to which the command line adds JVM and process ones. */
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return stats.registry();
    }

    public long requestCount() {
        return stats.requests();
    }

    /** Stops accepting requests, lets in-flight ones finish (up to 5 s), then closes. */
    public Future<Void> close() {
        Future<Void> all = Future.succeededFuture();
        for (String id : deploymentIds) {
            all = all.compose(v -> vertx.undeploy(id));
        }
        deploymentIds.clear();
        return all;
    }

    private final class Listener extends VerticleBase {
        private final HttpServerOptions options;
        private final OriginHandler handler;
        private final int listenPort;
        private io.vertx.core.http.HttpServer server;

        Listener(HttpServerOptions options, OriginHandler handler, int listenPort) {
            this.options = options;
            this.handler = handler;
            this.listenPort = listenPort;
        }

        @Override
        public Future<?> start() {
            server = vertx.createHttpServer(options).requestHandler(handler);
            return server.listen(listenPort, options.getHost()).onSuccess(s -> port.set(s.actualPort()));
        }

        @Override
        public Future<?> stop() {
            return server.shutdown(Duration.ofSeconds(5));
        }
    }
}
