package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 9111 §4.4 against an API-style origin (a small real server that accepts writes, which the
 * static popnet origin does not): a successful unsafe request invalidates its target and the
 * Location it names; a failed one invalidates nothing.
 */
class InvalidationTest {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static Vertx vertx;
    static HttpServer api;
    static EdgeServer edge;
    static final AtomicInteger version = new AtomicInteger(1);

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        api = vertx.createHttpServer().requestHandler(r -> {
            if (r.method() == HttpMethod.GET) {
                r.response().putHeader("Cache-Control", "max-age=600").end(r.path() + " v" + version.get());
            } else if (r.path().equals("/broken")) {
                r.response().setStatusCode(500).end();
            } else {
                version.incrementAndGet();
                r.response().setStatusCode(201).putHeader("Location", "/item/2").end();
            }
        }).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
        EdgeConfig c = EdgeConfig.defaults().with(0, "http://127.0.0.1:" + api.actualPort(), 1L << 20, "lru", null);
        edge = EdgeServer.start(vertx, c).await(5, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        edge.close().await(5, TimeUnit.SECONDS);
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    static HttpResponse<String> send(String method, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path)).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void successfulWritesInvalidateTargetAndLocation() throws Exception {
        for (String path : List.of("/item/1", "/item/2", "/broken")) {
            send("GET", path);
            assertTrue(send("GET", path).headers().firstValue("Cache-Status").orElse("").contains("hit"), path + " is stored");
        }
        assertEquals(500, send("POST", "/broken").statusCode());
        assertTrue(send("GET", "/broken").headers().firstValue("Cache-Status").orElse("").contains("hit"), "a failed write invalidates nothing");

        HttpResponse<String> write = send("PUT", "/item/1");
        assertEquals(201, write.statusCode());
        assertTrue(write.headers().firstValue("Cache-Status").orElse("").contains("fwd=method"), "writes pass through");
        HttpResponse<String> target = send("GET", "/item/1");
        assertTrue(target.headers().firstValue("Cache-Status").orElse("").contains("fwd=uri-miss"), "the target was invalidated");
        assertEquals("/item/1 v2", target.body());
        HttpResponse<String> location = send("GET", "/item/2");
        assertTrue(location.headers().firstValue("Cache-Status").orElse("").contains("fwd=uri-miss"), "so was its Location");
        assertEquals("/item/2 v2", location.body());
    }
}
