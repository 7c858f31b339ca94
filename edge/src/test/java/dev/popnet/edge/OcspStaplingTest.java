package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.config.ConfigException;
import dev.popnet.core.config.ConfigLoader;
import dev.popnet.edge.tls.Curl;
import dev.popnet.edge.tls.TestCa;
import dev.popnet.edge.wire.RawOrigin;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCSP stapling per site with the OpenSSL engine: a test CA, a real OCSP responder ({@code openssl ocsp
 * -index ... -port} on loopback), the response fetched into a file as an operator's cron job would, and
 * {@code openssl s_client -status} reading what the edge staples; a revocation reaches clients once the
 * file is fetched again, without a restart.
 */
class OcspStaplingTest {
    private static final DateTimeFormatter INDEX_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");

    @Test
    void aSiteStaplesItsResponseAndANewResponseFileIsStapledWithoutARestart(@TempDir Path dir) throws Exception {
        TestCa ca = TestCa.create(dir);
        TestCa.Issued stapled = ca.issue("ocsp.test");
        TestCa.Issued plain = ca.issue("plain.test");
        String serial = run(dir, "openssl", "x509", "-in", stapled.cert().toString(), "-noout", "-serial").strip().replace("serial=", "");
        Path index = dir.resolve("index.txt");
        String expiry = ZonedDateTime.now(ZoneOffset.UTC).plusDays(2).format(INDEX_TIME);
        Files.writeString(index, "V\t" + expiry + "\t\t" + serial + "\tunknown\t/CN=ocsp.test\n");
        Path response = dir.resolve("ocsp.test.der");
        Process responder = responder(dir, ca, index);
        RawOrigin origin = RawOrigin.start((req, reply) -> reply.ok("ok " + req.target(), "Cache-Control: max-age=60"));
        Vertx vertx = Vertx.vertx();
        EdgeServer edge = null;
        try {
            fetch(dir, ca, stapled, responder, response);
            Path yaml = dir.resolve("edge.yaml");
            Files.writeString(yaml, """
                    port: 0
                    event-loops: 1
                    origin: %s
                    tls: {enabled: true, port: 0}
                    sites:
                      - {hosts: [ocsp.test], tls-cert: %s, tls-key: %s, tls-ocsp-response: %s}
                      - {hosts: [plain.test], tls-cert: %s, tls-key: %s}
                    """.formatted(origin.url(), stapled.cert(), stapled.key(), response, plain.cert(), plain.key()));
            edge = EdgeServer.start(vertx, ConfigLoader.load(EdgeConfig.class, yaml)).await(30, TimeUnit.SECONDS);
            int port = edge.httpsPort();

            String good = status(dir, port, "ocsp.test");
            assertTrue(good.contains("OCSP Response Status: successful"), good);
            assertTrue(good.contains("Cert Status: good"), good);
            String none = status(dir, port, "plain.test");
            assertTrue(none.contains("OCSP response: no response sent"), "a site without a response file staples nothing: " + none);
            Curl.Response h2 = Curl.run(dir, "--http2", "--cacert", ca.cert().toString(), "--resolve", "ocsp.test:" + port + ":127.0.0.1",
                    "https://ocsp.test:" + port + "/x");
            assertEquals(200, h2.status(), h2.stderr());
            assertEquals("2", h2.version(), "HTTP/2 by ALPN through the stapling engine");

            // The certificate is revoked; the operator's job fetches the response again and replaces the file.
            responder.destroy();
            responder.waitFor(10, TimeUnit.SECONDS);
            String now = ZonedDateTime.now(ZoneOffset.UTC).format(INDEX_TIME);
            Files.writeString(index, "R\t" + expiry + "\t" + now + "\t" + serial + "\tunknown\t/CN=ocsp.test\n");
            responder = responder(dir, ca, index);
            Path fresh = dir.resolve("fresh.der");
            fetch(dir, ca, stapled, responder, fresh);
            Files.move(fresh, response, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            await("the revocation is stapled", () -> status(dir, port, "ocsp.test").contains("Cert Status: revoked"));

            // Files that are not a response, or a response for another certificate, are refused with the key's name.
            Files.writeString(dir.resolve("junk.der"), "not DER");
            ConfigException junk = assertThrows(ConfigException.class, () -> EdgeServer.check(Vertx.vertx(), ConfigLoader.load(EdgeConfig.class,
                    rewrite(yaml, response.toString(), dir.resolve("junk.der").toString()))));
            assertTrue(junk.getMessage().contains("sites[0].tls-ocsp-response") && junk.getMessage().contains("not a DER OCSP response"),
                    junk.getMessage());
            Path otherYaml = dir.resolve("other.yaml");
            Files.writeString(otherYaml, Files.readString(yaml).replace("tls-cert: " + stapled.cert() + ", tls-key: " + stapled.key(),
                    "tls-cert: " + plain.cert() + ", tls-key: " + plain.key()));
            ConfigException other = assertThrows(ConfigException.class,
                    () -> EdgeServer.check(vertx, ConfigLoader.load(EdgeConfig.class, otherYaml)));
            assertTrue(other.getMessage().contains("is not an OCSP response for"), other.getMessage());
            Path jdkYaml = dir.resolve("jdk.yaml");
            Files.writeString(jdkYaml, Files.readString(yaml).replace("tls: {enabled: true, port: 0}", "tls: {enabled: true, port: 0, engine: jdk}"));
            ConfigException jdk = assertThrows(ConfigException.class, () -> EdgeServer.check(vertx, ConfigLoader.load(EdgeConfig.class, jdkYaml)));
            assertTrue(jdk.getMessage().contains("openssl"), jdk.getMessage());
        } finally {
            responder.destroy();
            if (edge != null) {
                edge.close().await(10, TimeUnit.SECONDS);
            }
            vertx.close().await(10, TimeUnit.SECONDS);
            origin.close();
        }
    }

    private static Path rewrite(Path yaml, String from, String to) throws IOException {
        Path out = yaml.resolveSibling("rewritten.yaml");
        Files.writeString(out, Files.readString(yaml).replace(from, to));
        return out;
    }

    /** A real OCSP responder on a free loopback port, signing with the CA's key, answering from the index. */
    private static Process responder(Path dir, TestCa ca, Path index) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("responder-" + port + ".log");
        Process p = new ProcessBuilder("openssl", "ocsp", "-index", index.toString(), "-port", String.valueOf(port), "-CA", ca.cert().toString(),
                "-rsigner", ca.cert().toString(), "-rkey", ca.cert().resolveSibling("ca.key").toString(), "-ignore_err")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // It answers one connection at a time, so a probe connection would hold it up: its own word says it listens.
        await("the OCSP responder listens", () -> {
            try {
                return Files.readString(log).contains("waiting for OCSP client connections");
            } catch (IOException e) {
                return false;
            }
        });
        responderPorts.put(p, port);
        return p;
    }

    private static final java.util.Map<Process, Integer> responderPorts = new java.util.concurrent.ConcurrentHashMap<>();

    /** What an operator's job runs: asks the responder about the certificate and writes the DER response. */
    private static void fetch(Path dir, TestCa ca, TestCa.Issued cert, Process responder, Path out) throws Exception {
        String said = run(dir, "openssl", "ocsp", "-issuer", ca.cert().toString(), "-cert", cert.cert().toString(), "-url",
                "http://127.0.0.1:" + responderPorts.get(responder), "-respout", out.toString(), "-CAfile", ca.cert().toString(), "-timeout", "20");
        assertTrue(said.contains(cert.cert() + ":") || said.contains(": good") || said.contains(": revoked"), said);
    }

    /** What {@code openssl s_client -status} prints about the stapled response for this server name. */
    private static String status(Path dir, int port, String name) {
        try {
            return run(dir, "openssl", "s_client", "-connect", "127.0.0.1:" + port, "-servername", name, "-status");
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        return out;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
