package dev.popnet.edge;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Starts an edge for a test, with the settings the test names and small, quick defaults for the rest. */
final class TestEdge {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** What a test may change; everything else is as configs/edge.yaml says, but small and quick. */
    static final class Settings {
        long capacity = 4L << 20;
        String policy = "lru";
        long maxObjectSize = 1L << 20;
        List<String> ignoredParams = List.of("utm_source");
        boolean ignoreQuery;
        Duration originTimeout = Duration.ofSeconds(2);
        Duration originResponseTimeout = Duration.ofSeconds(5);
        int originMaxConnections = 32;
        Duration staleIfUnreachable = Duration.ofDays(1);
        List<String> blockedPaths = List.of("/admin/");
        ClientLimits client = ClientLimits.defaults();
        int eventLoops = 2;
        dev.popnet.edge.store.DiskConfig disk = dev.popnet.edge.store.DiskConfig.defaults();

        EdgeConfig config(String origin) {
            return new EdgeConfig("127.0.0.1", 0, origin, "edge-test", capacity, policy, maxObjectSize, Duration.ofDays(1), ignoredParams,
                    ignoreQuery, originTimeout, originResponseTimeout, originMaxConnections, staleIfUnreachable, blockedPaths, "tok",
                    eventLoops, client, null).withDisk(disk);
        }
    }

    private TestEdge() {
    }

    static EdgeServer start(Vertx vertx, String origin) throws Exception {
        return start(vertx, origin, s -> { });
    }

    static EdgeServer start(Vertx vertx, String origin, Consumer<Settings> tweak) throws Exception {
        Settings s = new Settings();
        tweak.accept(s);
        return EdgeServer.start(vertx, s.config(origin)).await(10, TimeUnit.SECONDS);
    }

    /** The settings a YAML text gives, read as `popnet edge -c FILE` reads its file. */
    static EdgeConfig yaml(java.nio.file.Path dir, String text) throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile(dir, "edge", ".yaml");
        java.nio.file.Files.writeString(file, text);
        return dev.popnet.core.config.ConfigLoader.load(EdgeConfig.class, file);
    }

    static HttpResponse<String> send(EdgeServer edge, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(EdgeServer edge, String path, String... headers) throws Exception {
        return send(edge, "GET", path, null, headers);
    }

    static String cacheStatus(HttpResponse<?> r) {
        return r.headers().firstValue("Cache-Status").orElse("");
    }

    /** Waits until the condition holds (a test on a loaded machine waits on conditions, not sleeps). */
    static void await(String what, Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
