package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.config.ConfigLoader;
import dev.popnet.edge.tls.Curl;
import dev.popnet.edge.tls.TestCa;
import dev.popnet.edge.wire.RawOrigin;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading a running edge: sites, pools and certificates change under load; the cache and connections stay. */
class ReloadTest {
    @TempDir
    Path dir;
    private Vertx vertx;
    private RawOrigin first;
    private RawOrigin second;
    private TestCa ca;
    private Path cert;
    private Path key;
    private EdgeServer edge;

    @BeforeEach
    void start() throws Exception {
        first = RawOrigin.start((req, reply) -> reply.ok("first", cacheControl(req)));
        second = RawOrigin.start((req, reply) -> reply.ok("second", cacheControl(req)));
        ca = TestCa.create(dir);
        TestCa.Issued issued = ca.issue("localhost", "127.0.0.1");
        cert = dir.resolve("edge.pem");
        key = dir.resolve("edge.key");
        Files.copy(issued.cert(), cert);
        Files.copy(issued.key(), key);
        vertx = Vertx.vertx();
        edge = EdgeServer.start(vertx, settings(first, "utm_source")).await(20, TimeUnit.SECONDS);
    }

    private static String cacheControl(RawOrigin.Request req) {
        return req.target().startsWith("/kept") ? "Cache-Control: max-age=600" : "Cache-Control: no-store";
    }

    private EdgeConfig settings(RawOrigin origin, String ignored) throws Exception {
        return TestEdge.yaml(dir, """
                port: 0
                event-loops: 2
                reload-token: rt
                tls: {enabled: true, port: 0, cert: %s, key: %s}
                pools:
                  p: {servers: [%s]}
                sites:
                  - {hosts: ["*"], pool: p, ignored-params: [%s]}
                """.formatted(cert, key, origin.url(), ignored));
    }

    @AfterEach
    void stop() throws Exception {
        edge.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        first.close();
        second.close();
    }

    private HttpClient httpsClient() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca.cert())) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void reloadsUnderLoadFailNoRequestAndKeepTheCache() throws Exception {
        assertTrue(TestEdge.cacheStatus(TestEdge.get(edge, "/kept")).contains("stored"));
        HttpClient https = httpsClient();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        List<String> failures = new CopyOnWriteArrayList<>();
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            boolean tls = t % 2 == 1;
            Thread th = new Thread(() -> {
                int i = 0;
                while (running.get()) {
                    String url = (tls ? "https://localhost:" + edge.httpsPort() : "http://127.0.0.1:" + edge.port()) + "/load/" + i++;
                    try {
                        HttpResponse<String> r = (tls ? https : TestEdge.CLIENT).send(HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failures.add(url + " " + r.statusCode() + " " + r.body());
                        }
                    } catch (Exception e) {
                        failures.add(url + " " + e);
                    }
                }
            });
            th.start();
            load.add(th);
        }
        TestEdge.await("load", Duration.ofSeconds(30), () -> ok.get() > 100);
        for (int round = 0; round < 6; round++) {
            long before = ok.get();
            edge.reload(settings(round % 2 == 0 ? second : first, round % 2 == 0 ? "fbclid" : "utm_source")).await(20, TimeUnit.SECONDS);
            TestEdge.await("load after reload " + round, Duration.ofSeconds(30), () -> ok.get() > before + 50);
        }
        running.set(false);
        for (Thread th : load) {
            th.join(30_000);
        }
        assertEquals(List.of(), failures, "no request failed across six reloads");
        long secondBefore = second.requests().size();
        assertEquals("first", TestEdge.get(edge, "/fresh-after-reloads").body(), "the last reload's pool serves");
        assertEquals(secondBefore, second.requests().size());
        assertTrue(TestEdge.cacheStatus(TestEdge.get(edge, "/kept")).contains("; hit"), "the store survived the reloads");
    }

    @Test
    void aBadReloadIsRefusedAndTheOldSettingsKeepServing() throws Exception {
        Files.writeString(dir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n");
        EdgeConfig bad = TestEdge.yaml(dir, """
                port: 0
                tls: {enabled: true, port: 0, cert: %s, key: %s}
                pools:
                  p: {servers: [%s]}
                sites:
                  - {hosts: ["*"], pool: p}
                """.formatted(dir.resolve("broken.pem"), key, second.url()));
        Throwable refused = edge.reload(bad).transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())).await(10, TimeUnit.SECONDS);
        assertTrue(refused != null && refused.getMessage().contains("broken.pem"), "the reason names the file: " + refused);
        assertEquals("first", TestEdge.get(edge, "/after-bad").body(), "the old pool still serves");
        Curl.Response tls = Curl.run(dir, "--cacert", ca.cert().toString(), "https://localhost:" + edge.httpsPort() + "/after-bad");
        assertEquals(200, tls.status(), "the old certificate still serves: " + tls.stderr());
    }

    @Test
    void postAdminReloadReadsTheSettingsAgainWithTheToken() throws Exception {
        Path file = dir.resolve("live.yaml");
        Files.writeString(file, "port: 0\nreload-token: rt\nsites: [{hosts: [\"*\"], pool: nope}]\n");
        edge.reloadFrom(() -> ConfigLoader.load(EdgeConfig.class, file));
        assertEquals(401, TestEdge.send(edge, "POST", "/admin/reload", "").statusCode());
        assertEquals(401, TestEdge.send(edge, "POST", "/admin/reload", "", "Authorization", "Bearer wrong").statusCode());
        HttpResponse<String> bad = TestEdge.send(edge, "POST", "/admin/reload", "", "Authorization", "Bearer rt");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("sites[0].pool"), bad.body());
        assertEquals("first", TestEdge.get(edge, "/still-first").body());
        Files.writeString(file, "port: 0\nreload-token: rt\npools: {p: {servers: [" + second.url() + "]}}\nsites: [{hosts: [\"*\"], pool: p}]\n");
        HttpResponse<String> good = TestEdge.send(edge, "POST", "/admin/reload", "", "Authorization", "Bearer rt");
        assertEquals(200, good.statusCode(), good.body());
        assertEquals("second", TestEdge.get(edge, "/now-second").body());
        assertEquals(405, TestEdge.get(edge, "/admin/reload").statusCode());
    }

    @Test
    void certificatesAreReadAgainWhenTheirFilesChange() throws Exception {
        Curl.Response before = Curl.run(dir, "-v", "--cacert", ca.cert().toString(), "https://localhost:" + edge.httpsPort() + "/c");
        assertTrue(before.stderr().contains("CN=localhost"), before.stderr());
        TestCa.Issued renewed = ca.issue("renewed.localhost", "localhost", "127.0.0.1");
        Files.copy(renewed.key(), key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(renewed.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
        TestEdge.await("the renewed certificate served", Duration.ofSeconds(20), () -> {
            try {
                return Curl.run(dir, "-v", "--cacert", ca.cert().toString(), "https://localhost:" + edge.httpsPort() + "/c").stderr()
                        .contains("CN=renewed.localhost");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
