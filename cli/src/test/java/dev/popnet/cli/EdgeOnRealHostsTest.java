package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code popnet edge} as an operator runs it on a host: HTTPS with HTTP/2 and HTTP/1.1 from one
 * certificate given by flags, plain HTTP beside it, SIGHUP reloading the config file (a bad one refused,
 * the process kept), and {@code --check} reading the files the config names. Driven with curl.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeOnRealHostsTest {
    private static final Duration START = Duration.ofSeconds(60);

    private Path dir;
    private Path cert;
    private Path key;
    private Path config;
    private ServerProcess origin;
    private ServerProcess edge;
    private String originUrl;
    private int port;
    private int httpsPort;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        cert = dir.resolve("edge.pem");
        key = dir.resolve("edge.key");
        run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost", "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1"));
        origin = ServerProcess.start(dir, "origin", Map.of(), "origin", "--port", "0");
        originUrl = "http://127.0.0.1:" + origin.awaitOutput("listening on http://127\\.0\\.0\\.1:(\\d+)", START);
        config = dir.resolve("edge.yaml");
        Files.writeString(config, "blocked-paths: [/admin/]\n");
        edge = ServerProcess.start(dir, "edge", Map.of(), "edge", "-c", config.toString(), "--origin", originUrl, "--port", "0",
                "--https-port", "0", "--tls-cert", cert.toString(), "--tls-key", key.toString());
        String ports = edge.awaitOutput("listening on (http://127\\.0\\.0\\.1:\\d+ and https://127\\.0\\.0\\.1:\\d+)", START);
        port = Integer.parseInt(ports.replaceAll("http://127\\.0\\.0\\.1:(\\d+) and .*", "$1"));
        httpsPort = Integer.parseInt(ports.replaceAll(".*https://127\\.0\\.0\\.1:(\\d+)", "$1"));
    }

    @AfterAll
    void stop() throws Exception {
        for (ServerProcess p : new ServerProcess[] {edge, origin}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    void servesHttpsWithHttp2AndHttp11AndPlainHttpOnOnePort() throws Exception {
        String path = "/obj/tls-both?size=3000&ttl=60";
        String h2 = curl("--http2", "https://localhost:" + httpsPort + path);
        assertTrue(h2.startsWith("2 200 3000"), h2);
        // The store takes the response once it has been sent; the next request is a hit from then on.
        String h11 = awaitCurl("--http1.1", "https://localhost:" + httpsPort + path, out -> out.contains("hit"));
        assertTrue(h11.startsWith("1.1 200 3000"), h11);
        String again = curl("--http2", "https://localhost:" + httpsPort + path);
        assertTrue(again.startsWith("2 200 3000") && again.contains("hit"), again);
        String plain = curl("--http1.1", "http://127.0.0.1:" + port + path);
        assertTrue(plain.startsWith("1.1 200 3000"), "plain HTTP beside HTTPS: " + plain);
    }

    @Test
    void sighupReloadsTheFileAndABadFileIsRefusedWhileTheProcessServesOn() throws Exception {
        String blocked = "http://127.0.0.1:" + port + "/obj/secret?size=10";
        assertTrue(curl("--http1.1", blocked).startsWith("1.1 200"));
        Files.writeString(config, "blocked-paths: [/admin/, /obj/secret]\n");
        edge.signal("HUP");
        awaitCurl("--http1.1", blocked, out -> out.startsWith("1.1 404"));
        assertTrue(awaitLog("reloaded: 1 site"), "the reload is logged");

        Files.writeString(config, "blocked-paths: [/admin/]\ncapacity: -5\n");
        edge.signal("HUP");
        assertTrue(awaitLog("reload refused, the old settings stay"), "a bad file is refused with its reason logged");
        String log = edge.stdout() + edge.stderr();
        assertTrue(log.contains("capacity"), "the reason names the key: " + log);
        assertTrue(curl("--http1.1", blocked).startsWith("1.1 404"), "the previous settings keep serving");
        assertTrue(curl("--http2", "https://localhost:" + httpsPort + "/obj/after-bad?size=5").startsWith("2 200"));
        edge.signal("HUP");
        assertTrue(curl("--http1.1", "http://127.0.0.1:" + port + "/health").startsWith("1.1 200"), "SIGHUP never stops the process");
    }

    @Test
    void checkReadsSitesPoolsAndTlsFiles() throws Exception {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "tls: {enabled: true, port: 0, cert: " + cert + ", key: " + key + "}\n"
                + "pools: {shop: {servers: [\"" + originUrl + "\"]}}\nsites: [{name: shop, hosts: [shop.test], pool: shop}]\n");
        CliRun ok = CliRun.of("edge", "--check", "-c", good.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("configuration ok"), ok.out());

        Path noPool = dir.resolve("no-pool.yaml");
        Files.writeString(noPool, "sites: [{name: shop, hosts: [shop.test], pool: nowhere}]\n");
        CliRun badPool = CliRun.of("edge", "--check", "-c", noPool.toString());
        assertEquals(2, badPool.code());
        assertTrue(badPool.err().contains("nowhere"), badPool.err());

        Path noKey = dir.resolve("no-key.yaml");
        Files.writeString(noKey, "tls: {enabled: true, port: 0, cert: " + cert + ", key: " + dir.resolve("missing.key") + "}\n");
        CliRun badKey = CliRun.of("edge", "--check", "-c", noKey.toString());
        assertEquals(2, badKey.code());
        assertTrue(badKey.err().contains("missing.key"), badKey.err());

        Path wrongKey = dir.resolve("wrong-key.yaml");
        Files.writeString(wrongKey, "tls: {enabled: true, port: 0, cert: " + cert + ", key: " + cert + "}\n");
        assertEquals(2, CliRun.of("edge", "--check", "-c", wrongKey.toString()).code(), "a certificate is no key");
    }

    /** curl's "http_version status size cache-status" for one GET, trusting the test certificate. */
    private String curl(String version, String url) throws IOException, InterruptedException {
        return run(List.of("curl", "-sS", version, "--cacert", cert.toString(), "-o", "/dev/null", "--max-time", "20", "-w",
                "%{http_version} %{http_code} %{size_download} %header{cache-status}", url));
    }

    private String awaitCurl(String version, String url, Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = curl(version, url);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no change in time; last answer: " + last);
    }

    private boolean awaitLog(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if ((edge.stdout() + edge.stderr()).contains(text)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
