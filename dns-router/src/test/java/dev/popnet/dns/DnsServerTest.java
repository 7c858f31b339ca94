package dev.popnet.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.popnet.core.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** A running DNS router queried with a real resolver over UDP and TCP (and dig when it is installed). */
class DnsServerTest {
    static final String TOKEN = "s3cret-reload";
    @TempDir
    static Path dir;
    static Path configFile;
    static Vertx vertx;
    static HttpServer lonEdge;
    static DnsServer dns;

    static String config(int edgePort, String lonAddress) {
        StringBuilder big = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            big.append(i == 1 ? "" : ", ").append("198.51.100.").append(i);
        }
        return """
                host: 127.0.0.1
                port: 0
                stats-port: 0
                zone: cdn.example.
                hostnames: [www.cdn.example.]
                reload-token: %s
                ttl: 30s
                failover-ttl: 5s
                strategy: nearest
                health: {interval: 150ms, timeout: 150ms, rise: 2, fall: 2}
                default-region: us
                pops:
                  - {name: lon, location: {lat: 51.51, lon: -0.13}, addresses: [%s], health-urls: ["http://127.0.0.1:%d/health"]}
                  - {name: nyc, location: {lat: 40.71, lon: -74.01}, addresses: [192.0.2.2, "2001:db8::2"]}
                  - {name: sin, location: {lat: 1.35, lon: 103.82}, addresses: [192.0.2.3]}
                  - {name: syd, location: {lat: -33.87, lon: 151.21}, addresses: [%s]}
                regions:
                  - {name: europe, location: {lat: 48.86, lon: 2.35}, networks: [10.1.0.0/16, "2001:db8:1::/48"]}
                  - {name: us, location: {lat: 42.36, lon: -71.06}, networks: [10.2.0.0/16]}
                  - {name: asia, location: {lat: -6.2, lon: 106.8}, networks: [10.3.0.0/16]}
                  - {name: oceania, location: {lat: -37.81, lon: 144.96}, networks: [10.4.0.0/16]}
                """.formatted(TOKEN, lonAddress, edgePort, big);
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        lonEdge = vertx.createHttpServer().requestHandler(r -> r.response().end("ok")).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
        configFile = dir.resolve("dns.yaml");
        Files.writeString(configFile, config(lonEdge.actualPort(), "192.0.2.1"));
        dns = DnsServer.start(vertx, ConfigLoader.load(DnsConfig.class, configFile), configFile).await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        dns.close().await(5, TimeUnit.SECONDS);
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    static SimpleResolver resolver(String subnet, int prefix) throws Exception {
        return resolver(dns.port(), subnet, prefix);
    }

    /** A server of its own, from a config file it also watches. */
    static DnsServer startFrom(Path file) throws Exception {
        return DnsServer.start(vertx, ConfigLoader.load(DnsConfig.class, file), file).await(5, TimeUnit.SECONDS);
    }

    /** POST /reload on the server's stats port, with the reload token. */
    static HttpResponse<String> reload(HttpClient http, DnsServer server) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.statsPort() + "/reload"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A resolver asking the server on {@code port}, as a client of {@code subnet} (ECS) when given. */
    static SimpleResolver resolver(int port, String subnet, int prefix) throws Exception {
        SimpleResolver r = new SimpleResolver(InetAddress.getLoopbackAddress());
        r.setPort(port);
        r.setTimeout(Duration.ofSeconds(2));
        if (subnet != null) {
            r.setEDNS(0, 1232, 0, List.of(new ClientSubnetOption(prefix, InetAddress.getByName(subnet))));
        }
        return r;
    }

    static Message query(SimpleResolver r, String name, int type) throws Exception {
        return r.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    static List<String> addresses(Message m) {
        return Arrays.stream(m.getSectionArray(Section.ANSWER)).map(rec -> rec.rdataToString()).toList();
    }

    @Test
    void nearestPopForClientsInSeveralRegions() throws Exception {
        assertEquals(List.of("192.0.2.1"), addresses(query(resolver("10.1.2.0", 24), "www.cdn.example.", Type.A)));
        assertEquals(List.of("192.0.2.2"), addresses(query(resolver("10.2.9.0", 24), "www.cdn.example.", Type.A)));
        assertEquals(List.of("192.0.2.3"), addresses(query(resolver("10.3.0.0", 24), "www.cdn.example.", Type.A)));
        assertEquals(List.of("2001:db8:0:0:0:0:0:2"), addresses(query(resolver("10.2.9.0", 24), "www.cdn.example.", Type.AAAA)));
        Message unknown = query(resolver("203.0.113.0", 24), "www.cdn.example.", Type.A);
        assertEquals(List.of("192.0.2.2"), addresses(unknown), "unknown clients use the default region");
        Message plain = query(resolver(null, 0), "www.cdn.example.", Type.A);
        assertTrue(plain.getHeader().getFlag(Flags.AA));
        assertEquals(30, plain.getSectionArray(Section.ANSWER)[0].getTTL());
    }

    @Test
    void ecsIsEchoedWithTheScopeOfTheMatchingNetwork() throws Exception {
        Message m = query(resolver("10.1.2.0", 24), "www.cdn.example.", Type.A);
        OPTRecord opt = m.getOPT();
        assertNotNull(opt);
        ClientSubnetOption ecs = (ClientSubnetOption) opt.getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
        assertEquals(24, ecs.getSourcePrefixLength());
        assertEquals(16, ecs.getScopePrefixLength(), "the answer holds for the whole /16 it matched");
        assertEquals(InetAddress.getByName("10.1.2.0"), ecs.getAddress());
        Message v6 = query(resolver("2001:db8:1:500::", 56), "www.cdn.example.", Type.A);
        assertEquals(List.of("192.0.2.1"), addresses(v6));
    }

    @Test
    void refusedNxdomainNodataAndSoa() throws Exception {
        SimpleResolver r = resolver(null, 0);
        assertEquals(Rcode.REFUSED, query(r, "www.example.org.", Type.A).getRcode());
        Message nx = query(r, "nope.cdn.example.", Type.A);
        assertEquals(Rcode.NXDOMAIN, nx.getRcode());
        assertEquals(Type.SOA, nx.getSectionArray(Section.AUTHORITY)[0].getType());
        Message soa = query(r, "cdn.example.", Type.SOA);
        assertEquals(Rcode.NOERROR, soa.getRcode());
        assertEquals(Type.SOA, soa.getSectionArray(Section.ANSWER)[0].getType());
        Message nodata = query(r, "www.cdn.example.", Type.MX);
        assertEquals(Rcode.NOERROR, nodata.getRcode());
        assertEquals(0, nodata.getSectionArray(Section.ANSWER).length);
    }

    static byte[] udp(byte[] packet) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(1000);
            s.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), dns.port()));
            DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
            s.receive(reply);
            return Arrays.copyOf(reply.getData(), reply.getLength());
        }
    }

    @Test
    void formerrWhenTheHeaderIsReadableAndSilenceOtherwise() throws Exception {
        byte[] garbage = new byte[40];
        garbage[0] = 0x12;
        garbage[1] = 0x34;
        garbage[5] = 1; // one question, then junk
        Arrays.fill(garbage, 12, 40, (byte) 0xff);
        Message reply = new Message(udp(garbage));
        assertEquals(0x1234, reply.getHeader().getID());
        assertEquals(Rcode.FORMERR, reply.getRcode());
        assertThrowsTimeout(new byte[] {1, 2, 3});
    }

    private static void assertThrowsTimeout(byte[] packet) {
        try {
            udp(packet);
            throw new AssertionError("a 3-byte packet got an answer");
        } catch (java.net.SocketTimeoutException expected) {
            // dropped, as it should be
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void largeAnswerIsTruncatedOverUdpAndComplete0verTcp() throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString("www.cdn.example."), Type.A, DClass.IN));
        q.addRecord(new OPTRecord(512, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName("10.4.0.0")))), Section.ADDITIONAL);
        Message udpReply = new Message(udp(q.toWire()));
        assertTrue(udpReply.getHeader().getFlag(Flags.TC), "60 addresses do not fit 512 bytes");
        Message full = query(resolver("10.4.0.0", 24), "www.cdn.example.", Type.A); // the resolver retries over TCP
        assertEquals(60, addresses(full).size());
        assertTrue(!full.getHeader().getFlag(Flags.TC));
    }

    @Test
    void failoverWithinTheHealthWindowAfterTheEdgeStops() throws Exception {
        HttpServer edge = vertx.createHttpServer().requestHandler(r -> r.response().end("ok")).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
        Path file = dir.resolve("failover.yaml");
        Files.writeString(file, config(edge.actualPort(), "192.0.2.1"));
        DnsServer own = startFrom(file);
        try {
            SimpleResolver r = resolver(own.port(), "10.1.2.0", 24);
            assertEquals(List.of("192.0.2.1"), addresses(query(r, "www.cdn.example.", Type.A)));
            edge.close().await(5, TimeUnit.SECONDS);
            long stopped = System.nanoTime();
            Message m;
            do {
                Thread.sleep(50);
                m = query(r, "www.cdn.example.", Type.A);
            } while (addresses(m).contains("192.0.2.1") && System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(5));
            long millis = (System.nanoTime() - stopped) / 1_000_000;
            assertEquals(List.of("192.0.2.2"), addresses(m), "Europe fails over to New York");
            assertTrue(millis < 2 * 150 + 150 + 1000, "within fall x interval + timeout (+ slack): " + millis + " ms");
            assertEquals(5, m.getSectionArray(Section.ANSWER)[0].getTTL(), "failover answers carry the short TTL");
        } finally {
            own.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void whenNoPopIsHealthyTheConfiguredFallbackAnswers() throws Exception {
        HttpServer gone = vertx.createHttpServer().requestHandler(r -> r.response().end("ok")).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
        int deadPort = gone.actualPort();
        gone.close().await(5, TimeUnit.SECONDS); // nothing listens there now: every check fails
        for (String fallback : List.of("nearest", "servfail")) {
            Path file = dir.resolve("all-down-" + fallback + ".yaml");
            Files.writeString(file, """
                    host: 127.0.0.1
                    port: 0
                    stats-port: 0
                    zone: cdn.example.
                    failover-ttl: 5s
                    fallback: %s
                    health: {interval: 100ms, timeout: 100ms, rise: 1, fall: 1}
                    pops:
                      - {name: lon, location: {lat: 51.51, lon: -0.13}, addresses: [192.0.2.1], health-urls: ["http://127.0.0.1:%d/health"]}
                      - {name: nyc, location: {lat: 40.71, lon: -74.01}, addresses: [192.0.2.2], health-urls: ["http://127.0.0.1:%d/health"]}
                    regions:
                      - {name: europe, location: {lat: 48.86, lon: 2.35}, networks: [10.1.0.0/16]}
                    """.formatted(fallback, deadPort, deadPort));
            DnsServer own = startFrom(file);
            try {
                SimpleResolver r = resolver(own.port(), "10.1.2.0", 24);
                Message m = query(r, "www.cdn.example.", Type.A);
                // Until both PoPs have failed their checks: one may fail first, and then the other PoP is answered.
                java.util.function.Predicate<Message> bothDown = fallback.equals("servfail") ? x -> x.getRcode() == Rcode.SERVFAIL
                        : x -> x.getRcode() == Rcode.NOERROR && addresses(x).equals(List.of("192.0.2.1"))
                                && x.getSectionArray(Section.ANSWER)[0].getTTL() == 5;
                for (int i = 0; i < 60 && !bothDown.test(m); i++) {
                    Thread.sleep(50);
                    m = query(r, "www.cdn.example.", Type.A);
                }
                if (fallback.equals("servfail")) {
                    assertEquals(Rcode.SERVFAIL, m.getRcode(), "resolvers are told to try elsewhere");
                } else {
                    assertEquals(List.of("192.0.2.1"), addresses(m), "the nearest PoP anyway: the first to come back");
                    assertEquals(5, m.getSectionArray(Section.ANSWER)[0].getTTL(), "with the short failover TTL: " + m);
                }
            } finally {
                own.close().await(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void reloadSwapsTheTopologyAndABadFileKeepsTheOldOne() throws Exception {
        Path file = dir.resolve("reload.yaml");
        Files.writeString(file, config(lonEdge.actualPort(), "192.0.2.1"));
        DnsServer own = startFrom(file);
        try {
            SimpleResolver r = resolver(own.port(), "10.1.2.0", 24);
            assertEquals(List.of("192.0.2.1"), addresses(query(r, "www.cdn.example.", Type.A)));
            Files.writeString(file, config(lonEdge.actualPort(), "192.0.2.11"));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ok = reload(http, own);
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals(List.of("192.0.2.11"), addresses(query(r, "www.cdn.example.", Type.A)));
            Files.writeString(file, "zone: [broken\n");
            HttpResponse<String> bad = reload(http, own);
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("reload.yaml"), bad.body());
            assertEquals(List.of("192.0.2.11"), addresses(query(r, "www.cdn.example.", Type.A)), "still answering with the last good topology");
            String stats = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + own.statsPort() + "/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(stats.contains("\"answers_by_pop\"") && stats.contains("\"lon\"") && stats.contains("\"reloads\" : 1"), stats);
        } finally {
            own.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void queriesKeepBeingAnsweredWhileTheTopologyReloads() throws Exception {
        Path file = dir.resolve("busy-reload.yaml");
        Files.writeString(file, config(lonEdge.actualPort(), "192.0.2.1"));
        DnsServer own = startFrom(file);
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
            List<java.util.concurrent.Future<List<String>>> bad = new java.util.ArrayList<>();
            for (int c = 0; c < 2; c++) {
                bad.add(clients.submit(() -> {
                    SimpleResolver r = resolver(own.port(), "10.1.2.0", 24);
                    List<String> wrong = new java.util.ArrayList<>();
                    while (running.get()) {
                        List<String> got = addresses(query(r, "www.cdn.example.", Type.A));
                        if (!got.equals(List.of("192.0.2.1")) && !got.equals(List.of("192.0.2.11"))) {
                            wrong.add(got.toString());
                        }
                        answered.incrementAndGet();
                    }
                    return wrong;
                }));
            }
            for (int i = 0; i < 20; i++) {
                Files.writeString(file, config(lonEdge.actualPort(), i % 2 == 0 ? "192.0.2.11" : "192.0.2.1"));
                assertEquals(null, own.reload());
                Thread.sleep(25);
            }
            running.set(false);
            for (var f : bad) {
                assertEquals(List.of(), f.get(10, TimeUnit.SECONDS), "every query during reloads got a whole, valid answer");
            }
            assertTrue(answered.get() > 20, "queries ran alongside the reloads: " + answered.get());
        } finally {
            clients.shutdownNow();
            own.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void fuzzedPacketsNeverStopTheServer() throws Exception {
        Random random = new Random(99);
        byte[] valid = Message.newQuery(Record.newRecord(Name.fromString("www.cdn.example."), Type.A, DClass.IN)).toWire();
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < 100_000; i++) {
                byte[] p;
                if (i % 2 == 0) {
                    p = new byte[random.nextInt(600)];
                    random.nextBytes(p);
                } else {
                    p = valid.clone();
                    for (int k = 0, n = 1 + random.nextInt(6); k < n; k++) {
                        p[random.nextInt(p.length)] = (byte) random.nextInt(256);
                    }
                    if (random.nextInt(10) == 0) {
                        p = Arrays.copyOf(p, random.nextInt(p.length + 20));
                    }
                }
                s.send(new DatagramPacket(p, p.length, InetAddress.getLoopbackAddress(), dns.port()));
                if (i % 500 == 0) {
                    Thread.sleep(1); // let the server drain; a full socket buffer drops packets unread
                }
            }
        }
        Message after = null;
        for (int attempt = 0; attempt < 20 && after == null; attempt++) {
            try {
                after = query(resolver("10.3.0.0", 24), "www.cdn.example.", Type.A);
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        assertNotNull(after, "still answering after 100k random and mutated packets");
        assertEquals(List.of("192.0.2.3"), addresses(after));
    }

    @Test
    void digAgrees() throws Exception {
        assumeTrue(new ProcessBuilder("sh", "-c", "command -v dig").start().waitFor() == 0, "dig is not installed");
        Process p = new ProcessBuilder("dig", "@127.0.0.1", "-p", String.valueOf(dns.port()), "www.cdn.example", "A", "+subnet=10.3.0.0/24",
                "+short", "+tries=2", "+time=2").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(0, p.waitFor());
        assertEquals("192.0.2.3", out);
    }

    @Test
    void badConfigNamesTheKey() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, config(1, "192.0.2.1").replace("default-region: us", "default-region: mars"));
        dev.popnet.core.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(dev.popnet.core.config.ConfigException.class,
                () -> ConfigLoader.load(DnsConfig.class, bad, Map.of(), Map.of()));
        assertEquals("default-region", e.key());
        Files.writeString(bad, config(1, "192.0.2.1").replace("192.0.2.3]", "192.0.2.300]"));
        dev.popnet.core.config.ConfigException address = org.junit.jupiter.api.Assertions.assertThrows(
                dev.popnet.core.config.ConfigException.class, () -> ConfigLoader.load(DnsConfig.class, bad, Map.of(), Map.of()));
        assertTrue(address.key().endsWith("addresses") && address.getMessage().contains("192.0.2.300")
                && address.getMessage().contains("bad.yaml"), address.getMessage());
    }

    @Test
    void reloadReappliesHealthSettingsAndNeedsPostAndTheToken() throws Exception {
        HttpServer gone = vertx.createHttpServer().requestHandler(r -> r.response().end("ok")).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
        int deadPort = gone.actualPort();
        gone.close().await(5, TimeUnit.SECONDS);
        Path file = dir.resolve("health-reload.yaml");
        String withCheck = config(deadPort, "192.0.2.1").replace("health: {interval: 150ms, timeout: 150ms, rise: 2, fall: 2}",
                "health: {interval: 100ms, timeout: 100ms, rise: 1, fall: 1}");
        Files.writeString(file, withCheck);
        DnsServer own = startFrom(file);
        try {
            SimpleResolver r = resolver(own.port(), "10.1.2.0", 24);
            DnsPeers.await("London's only health URL fails and Europe goes to New York", 5000,
                    () -> answer(r).equals(List.of("192.0.2.2")));
            Files.writeString(file, withCheck.replace(", health-urls: [\"http://127.0.0.1:" + deadPort + "/health\"]", ""));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ok = reload(http, own);
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals(List.of("192.0.2.1"), addresses(query(r, "www.cdn.example.", Type.A)),
                    "London has no health URL any more: up at once, not left down by the old checks");
            URI reloadUri = URI.create("http://127.0.0.1:" + own.statsPort() + "/reload");
            assertEquals(405, http.send(HttpRequest.newBuilder(reloadUri).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(401, http.send(HttpRequest.newBuilder(reloadUri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "no token");
            assertEquals(401, http.send(HttpRequest.newBuilder(reloadUri).header("Authorization", "Bearer wrong")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "a wrong token");
            Files.writeString(file, withCheck.replace("reload-token: " + TOKEN + "\n", ""));
            assertEquals(200, reload(http, own).statusCode(), "the token in force when the request came in");
            assertEquals(403, reload(http, own).statusCode(), "no reload-token configured: HTTP reloads are off");
        } finally {
            own.close().await(5, TimeUnit.SECONDS);
        }
    }

    static List<String> answer(SimpleResolver r) {
        try {
            return addresses(query(r, "www.cdn.example.", Type.A));
        } catch (Exception e) {
            return List.of();
        }
    }
}
