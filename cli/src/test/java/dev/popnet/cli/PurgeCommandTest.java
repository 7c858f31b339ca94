package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.edge.EdgeConfig;
import dev.popnet.edge.EdgeServer;
import dev.popnet.origin.OriginConfig;
import dev.popnet.origin.OriginServer;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** popnet purge against a real edge in front of a real origin. */
class PurgeCommandTest {
    @Test
    void purgesWithTheTokenAndFailsWithoutIt() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            OriginServer origin = OriginServer.start(vertx, OriginConfig.defaults().withPort(0)).await(5, TimeUnit.SECONDS);
            EdgeServer edge = EdgeServer.start(vertx, EdgeConfig.defaults().with(0, "http://127.0.0.1:" + origin.port(), 1 << 20, "lru", "tok"))
                    .await(5, TimeUnit.SECONDS);
            String base = "http://127.0.0.1:" + edge.port();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/obj/x?size=10&ttl=60")).build();
            client.send(get, HttpResponse.BodyHandlers.discarding());
            CliRun denied = CliRun.of("purge", base, "--prefix", "/obj/", "--token", "wrong");
            assertEquals(1, denied.code());
            assertTrue(denied.out().contains("HTTP 401"), denied.out());
            CliRun ok = CliRun.of("purge", base, "--prefix", "/obj/", "--token", "tok");
            assertEquals(0, ok.code(), ok.out() + ok.err());
            assertTrue(ok.out().contains("\"purged\":1"), ok.out());
            assertTrue(client.send(get, HttpResponse.BodyHandlers.discarding()).headers().firstValue("Cache-Status").orElse("").contains("fwd=uri-miss"));
        } finally {
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }
}
