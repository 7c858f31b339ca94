package dev.popnet.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The two UDP paths, the batching sockets (recvmmsg/sendmmsg) and the DatagramChannel ones, serving one
 * config side by side: the same bytes for the same queries, every query of a burst answered once.
 */
class UdpTransportTest {
    @TempDir
    static Path dir;
    static Vertx vertx;
    static DnsServer batching;
    static DnsServer channels;

    static final String CONFIG = """
            host: %s
            port: 0
            stats-port: 0
            zone: cdn.example.
            hostnames: [www.cdn.example.]
            health: {interval: 1h}
            udp-threads: 2
            pops:
              - {name: lon, location: {lat: 51.51, lon: -0.13}, addresses: [192.0.2.1, "2001:db8::1"]}
              - {name: nyc, location: {lat: 40.71, lon: -74.01}, addresses: [192.0.2.2]}
            regions:
              - {name: europe, location: {lat: 48.86, lon: 2.35}, networks: [10.1.0.0/16]}
              - {name: us, location: {lat: 42.36, lon: -71.06}, networks: [10.2.0.0/16, 127.0.0.0/8]}
            """;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        batching = DnsPeers.start(vertx, dir.resolve("batching.yaml"), CONFIG.formatted("127.0.0.1"));
        System.setProperty(UdpTransport.BATCHING_PROPERTY, "false");
        try {
            channels = DnsPeers.start(vertx, dir.resolve("channels.yaml"), CONFIG.formatted("127.0.0.1"));
        } finally {
            System.clearProperty(UdpTransport.BATCHING_PROPERTY);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        batching.close().await(5, TimeUnit.SECONDS);
        channels.close().await(5, TimeUnit.SECONDS);
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    static String stats(DnsServer server) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.statsPort() + "/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static byte[] query(String name, int type, int id, OPTRecord opt) throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        q.getHeader().setID(id);
        if (opt != null) {
            q.addRecord(opt, Section.ADDITIONAL);
        }
        return q.toWire();
    }

    static OPTRecord ecs(String subnet, int prefix, boolean dnssecOk) throws Exception {
        List<EDNSOption> options = subnet == null ? List.of() : List.of(new ClientSubnetOption(prefix, InetAddress.getByName(subnet)));
        return new OPTRecord(1232, 0, 0, dnssecOk ? ExtendedFlags.DO : 0, options);
    }

    @Test
    void batchingServesWhereTheJvmAllowsAndTheFallbackOtherwise() throws Exception {
        assumeTrue("Linux".equals(System.getProperty("os.name")) && ModuleLayer.boot().findModule("jdk.incubator.foreign").isPresent(),
                "batching needs Linux and jdk.incubator.foreign");
        assertTrue(stats(batching).contains("\"udp_io\" : \"recvmmsg/sendmmsg\""), stats(batching));
        assertTrue(stats(channels).contains("\"udp_io\" : \"receive/send\""), stats(channels));
    }

    @Test
    void bothPathsAnswerTheSameBytes() throws Exception {
        List<byte[]> queries = new ArrayList<>();
        queries.add(query("www.cdn.example.", Type.A, 1, null));
        queries.add(query("WwW.CDN.example.", Type.A, 2, null)); // kept answer, patched case
        queries.add(query("www.cdn.example.", Type.AAAA, 3, ecs(null, 0, false)));
        queries.add(query("www.cdn.example.", Type.A, 4, ecs("10.1.2.0", 24, false)));
        queries.add(query("www.cdn.example.", Type.A, 5, ecs("10.1.7.0", 24, false))); // kept, ECS address patched
        queries.add(query("www.cdn.example.", Type.A, 6, ecs("10.2.0.0", 16, true)));
        queries.add(query("nothing.cdn.example.", Type.A, 7, null)); // NXDOMAIN
        queries.add(query("cdn.example.", Type.SOA, 8, ecs(null, 0, false)));
        queries.add(query("www.other.example.", Type.A, 9, null)); // REFUSED
        queries.add(query("cdn.example.", Type.AXFR, 10, null));
        Message twoOpts = Message.newQuery(Record.newRecord(Name.fromString("www.cdn.example."), Type.A, DClass.IN));
        twoOpts.addRecord(ecs(null, 0, false), Section.ADDITIONAL);
        twoOpts.addRecord(ecs(null, 0, false), Section.ADDITIONAL);
        queries.add(twoOpts.toWire()); // FORMERR
        byte[] cut = query("www.cdn.example.", Type.A, 11, ecs("10.1.2.0", 24, false));
        queries.add(Arrays.copyOf(cut, cut.length - 3)); // cut short: FORMERR
        for (byte[] q : queries) {
            for (int twice = 0; twice < 2; twice++) { // the first builds and keeps an answer, the second copies it
                byte[] a = DnsPeers.udp(batching.port(), q);
                byte[] b = DnsPeers.udp(channels.port(), q);
                assertArrayEquals(b, a, "answers to " + new Message(b).getQuestion());
                assertEquals(q[0], a[0]);
                assertEquals(q[1], a[1]);
            }
        }
    }

    @Test
    void responsesAndRuntsGetNoAnswerOnEitherPath() throws Exception {
        Message response = Message.newQuery(Record.newRecord(Name.fromString("www.cdn.example."), Type.A, DClass.IN));
        response.getHeader().setFlag(Flags.QR);
        for (byte[] silent : List.of(response.toWire(), new byte[] {1, 2, 3}, new byte[0])) {
            for (DnsServer server : List.of(batching, channels)) {
                try (DatagramSocket s = new DatagramSocket()) {
                    s.setSoTimeout(300);
                    s.send(new DatagramPacket(silent, silent.length, InetAddress.getLoopbackAddress(), server.port()));
                    byte[] next = query("www.cdn.example.", Type.A, 77, null); // answered after the silent one: it was read and passed over
                    s.send(new DatagramPacket(next, next.length, InetAddress.getLoopbackAddress(), server.port()));
                    s.setSoTimeout(2000);
                    DatagramPacket reply = new DatagramPacket(new byte[512], 512);
                    s.receive(reply);
                    assertEquals(77, new Message(Arrays.copyOf(reply.getData(), reply.getLength())).getHeader().getID());
                }
            }
        }
    }

    @Test
    void aBurstIsAnsweredOnceEach() throws Exception {
        for (DnsServer server : List.of(batching, channels)) {
            int n = 300;
            Set<Integer> ids = new HashSet<>();
            try (DatagramSocket s = new DatagramSocket()) {
                s.setReceiveBufferSize(1 << 20);
                for (int id = 0; id < n; id++) { // all sent before any is read: the server sees full batches
                    byte[] q = query("www.cdn.example.", Type.A, id, ecs("10.1." + (id % 200) + ".0", 24, false));
                    s.send(new DatagramPacket(q, q.length, InetAddress.getLoopbackAddress(), server.port()));
                }
                s.setSoTimeout(3000);
                DatagramPacket reply = new DatagramPacket(new byte[512], 512);
                try {
                    while (ids.size() < n) {
                        s.receive(reply);
                        Message m = new Message(Arrays.copyOf(reply.getData(), reply.getLength()));
                        assertTrue(ids.add(m.getHeader().getID()), "answered twice: " + m.getHeader().getID());
                        assertEquals("192.0.2.1", m.getSection(Section.ANSWER).get(0).rdataToString());
                    }
                } catch (SocketTimeoutException e) {
                    // a loaded loopback may drop a few of a burst; the count below says how many came back
                }
            }
            assertTrue(ids.size() >= n * 9 / 10, ids.size() + " of " + n + " answered");
        }
    }

    @Test
    void aTakenPortIsRefusedSayingWhy() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            IOException e = assertThrows(IOException.class,
                    () -> UdpTransport.bind("127.0.0.1", taken.getLocalPort(), 1, (packet, length, sender, out) -> -1, () -> { }));
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()) && e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Test
    void batchingServesIpv6() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        DnsServer server;
        try {
            server = DnsPeers.start(vertx, dir.resolve("v6.yaml"), CONFIG.formatted("\"::1\""));
        } catch (Exception e) {
            assumeTrue(false, "no IPv6 loopback: " + e.getMessage());
            return;
        }
        try (DatagramSocket s = new DatagramSocket(0, v6)) {
            s.setSoTimeout(2000);
            byte[] q = query("www.cdn.example.", Type.AAAA, 9, ecs("10.1.0.0", 16, false));
            for (int twice = 0; twice < 2; twice++) {
                s.send(new DatagramPacket(q, q.length, v6, server.port()));
                DatagramPacket reply = new DatagramPacket(new byte[512], 512);
                s.receive(reply);
                Message m = new Message(Arrays.copyOf(reply.getData(), reply.getLength()));
                assertEquals(9, m.getHeader().getID());
                assertEquals(InetAddress.getByName("2001:db8::1"), ((AAAARecord) m.getSection(Section.ANSWER).get(0)).getAddress());
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            server.close().await(5, TimeUnit.SECONDS);
        }
    }
}
