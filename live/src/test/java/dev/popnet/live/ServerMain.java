package dev.popnet.live;

import dev.popnet.core.config.ConfigException;
import dev.popnet.core.config.ConfigLoader;
import dev.popnet.core.config.Durations;
import dev.popnet.dns.DnsConfig;
import dev.popnet.dns.DnsServer;
import dev.popnet.edge.EdgeConfig;
import dev.popnet.edge.EdgeServer;
import dev.popnet.origin.OriginConfig;
import dev.popnet.origin.OriginServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What popnet's server commands do with {@code origin|edge|dns -c FILE}, for this module's tests, whose
 * class path has no command line (it is built on this module): the real server from the file, stopped
 * on SIGTERM (an edge draining for POPNET_DRAIN_TIME first), and gone when its parent's pipe closes.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !args[1].equals("-c")) {
            System.err.println("usage: ServerMain origin|edge|dns -c FILE");
            System.exit(2);
        }
        Path file = Path.of(args[2]);
        Vertx vertx = Vertx.vertx();
        Supplier<Future<Void>> stop;
        try {
            stop = switch (args[0]) {
                case "origin" -> {
                    OriginServer s = OriginServer.start(vertx, load(OriginConfig.class, file)).await(30, TimeUnit.SECONDS);
                    System.out.println("popnet origin listening on http://127.0.0.1:" + s.port());
                    yield s::close;
                }
                case "edge" -> {
                    EdgeConfig config = load(EdgeConfig.class, file);
                    EdgeServer s = EdgeServer.start(vertx, config).await(60, TimeUnit.SECONDS);
                    System.out.println("popnet edge " + config.node() + " listening on http://" + config.host() + ":" + s.port());
                    Duration drain = Durations.parse(System.getenv().getOrDefault("POPNET_DRAIN_TIME", "0s"));
                    yield () -> s.drainThenClose(drain);
                }
                case "dns" -> {
                    DnsServer s = DnsServer.start(vertx, load(DnsConfig.class, file), file.toAbsolutePath()).await(30, TimeUnit.SECONDS);
                    System.out.println("popnet dns serving on 127.0.0.1:" + s.port() + ", stats on " + s.statsPort());
                    yield s::close;
                }
                default -> throw new IllegalArgumentException("no server " + args[0]);
            };
        } catch (ConfigException e) {
            System.out.println("popnet: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.flush();
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.get().transform(ar -> vertx.close()).await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.out.println("shutdown was not clean: " + e);
            } finally {
                closed.countDown();
            }
        }));
        Thread parent = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // nothing is sent; only the end matters
                }
            } catch (java.io.IOException e) {
                // a broken pipe means the same
            }
            System.exit(0);
        });
        parent.setDaemon(true);
        parent.start();
        closed.await();
    }

    private static <T> T load(Class<T> type, Path file) {
        return ConfigLoader.load(type, file, System.getenv(), Map.of());
    }
}
