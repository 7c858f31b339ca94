package dev.popnet.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
import org.xbill.DNS.Type;

/** RFC 6891, 7766 and 7871 corners, sent as raw packets to a running router. */
class ProtocolCornersTest {
    @TempDir
    static Path dir;
    static Vertx vertx;
    static DnsServer dns;

    static final String CONFIG = """
            host: 127.0.0.1
            port: 0
            stats-port: 0
            zone: cdn.example.
            hostnames: [www.cdn.example.]
            tcp-idle-timeout: 1s
            health: {interval: 1h}
            pops:
              - {name: lon, location: {lat: 51.51, lon: -0.13}, addresses: [192.0.2.1]}
              - {name: nyc, location: {lat: 40.71, lon: -74.01}, addresses: [192.0.2.2]}
            regions:
              - {name: europe, location: {lat: 48.86, lon: 2.35}, networks: [10.1.0.0/16]}
              - {name: us, location: {lat: 42.36, lon: -71.06}, networks: [10.2.0.0/16, 127.0.0.0/8]}
            """;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        dns = DnsPeers.start(vertx, dir.resolve("dns.yaml"), CONFIG);
    }

    @AfterAll
    static void stop() throws Exception {
        dns.close().await(5, TimeUnit.SECONDS);
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    static Message query(String name, int type, OPTRecord... opts) throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        for (OPTRecord o : opts) {
            q.addRecord(o, Section.ADDITIONAL);
        }
        return q;
    }

    static Message udp(Message q) throws Exception {
        return new Message(DnsPeers.udp(dns.port(), q.toWire()));
    }

    @Test
    void twoOptRecordsAreFormerr() throws Exception {
        // dnsjava keeps one OPT per message, so the second is appended to the wire by hand (ARCOUNT 2).
        byte[] one = query("www.cdn.example.", Type.A, new OPTRecord(1232, 0, 0)).toWire();
        byte[] opt = new OPTRecord(1232, 0, 0).toWire(Section.ADDITIONAL);
        byte[] two = Arrays.copyOf(one, one.length + opt.length);
        System.arraycopy(opt, 0, two, one.length, opt.length);
        two[11] = 2;
        Message reply = new Message(DnsPeers.udp(dns.port(), two));
        assertEquals(Rcode.FORMERR, reply.getRcode(), "RFC 6891 §6.1.1: more than one OPT is FORMERR");
        assertEquals(0, reply.getSection(Section.ANSWER).size());
        assertEquals(new Message(two).getHeader().getID(), reply.getHeader().getID());
    }

    @Test
    void ednsVersionAboveZeroIsBadversWithAnOpt() throws Exception {
        Message reply = udp(query("www.cdn.example.", Type.A, new OPTRecord(1232, 0, 1)));
        assertEquals(Rcode.BADVERS, reply.getRcode(), "RFC 6891 §6.1.3: BADVERS (16, in the OPT's extended rcode)");
        assertNotNull(reply.getOPT(), "the BADVERS answer carries an OPT");
        assertEquals(0, reply.getOPT().getVersion(), "with the version the server does speak");
        assertEquals(0, reply.getSection(Section.ANSWER).size());
        assertEquals(Rcode.NOERROR, udp(query("www.cdn.example.", Type.A, new OPTRecord(1232, 0, 0))).getRcode());
    }

    @Test
    void zoneTransfersAreRefusedNotAnsweredEmpty() throws Exception {
        Message axfr = new Message(DnsPeers.tcp(dns.port(), query("cdn.example.", Type.AXFR).toWire()));
        assertEquals(Rcode.REFUSED, axfr.getRcode(), "AXFR over TCP");
        Message ixfr = udp(query("cdn.example.", Type.IXFR));
        assertEquals(Rcode.REFUSED, ixfr.getRcode(), "IXFR over UDP");
    }

    @Test
    void queriesWithANonZeroEcsScopeAreFormerr() throws Exception {
        ClientSubnetOption bad = new ClientSubnetOption(24, 16, InetAddress.getByName("10.1.2.0"));
        Message reply = udp(query("www.cdn.example.", Type.A, new OPTRecord(1232, 0, 0, 0, List.of(bad))));
        assertEquals(Rcode.FORMERR, reply.getRcode(), "RFC 7871 §7.1.2: queries carry scope 0; §7.2.1: a malformed option is FORMERR");
        ClientSubnetOption good = new ClientSubnetOption(24, 0, InetAddress.getByName("10.1.2.0"));
        Message ok = udp(query("www.cdn.example.", Type.A, new OPTRecord(1232, 0, 0, 0, List.of(good))));
        assertEquals("192.0.2.1", ok.getSection(Section.ANSWER).get(0).rdataToString());
        ClientSubnetOption echo = (ClientSubnetOption) ok.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
        assertEquals(16, echo.getScopePrefixLength());
    }

    @Test
    void ecsAddressBitsBeyondTheSourcePrefixAreFormerr() throws Exception {
        byte[] q = query("www.cdn.example.", Type.A, new OPTRecord(1232, 0, 0, 0,
                List.of(new ClientSubnetOption(24, 0, InetAddress.getByName("10.1.2.0"))))).toWire();
        q[q.length - 5] = 23; // the option ends: source prefix, scope, address 10.1.2; make it /23 ...
        q[q.length - 1] = 3; // ... of 10.1.3: the 24th bit, beyond the prefix, is set (RFC 7871 §6)
        assertEquals(Rcode.FORMERR, new Message(DnsPeers.udp(dns.port(), q)).getRcode());
    }

    @Test
    void keptAnswersEchoEachQuerysIdCaseFlagsAndSubnet() throws Exception {
        for (int i = 0; i < 3; i++) {
            String name = i == 2 ? "WwW.CdN.eXaMpLe." : "www.cdn.example.";
            Message q = query(name, Type.A, new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, 0,
                    InetAddress.getByName("10.1." + (i + 5) + ".0")))));
            if (i == 1) {
                q.getHeader().unsetFlag(Flags.RD);
                q.getHeader().setFlag(Flags.CD);
            }
            byte[] wire = q.toWire();
            byte[] raw = DnsPeers.udp(dns.port(), wire);
            Message reply = new Message(raw);
            assertEquals(q.getHeader().getID(), reply.getHeader().getID());
            assertArrayEquals(Arrays.copyOfRange(wire, 12, 12 + name.length() + 1), Arrays.copyOfRange(raw, 12, 12 + name.length() + 1),
                    "the question's letter case as asked (0x20 randomisation survives)");
            assertEquals(i != 1, reply.getHeader().getFlag(Flags.RD));
            assertEquals(i == 1, reply.getHeader().getFlag(Flags.CD));
            ClientSubnetOption echo = (ClientSubnetOption) reply.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
            assertEquals(InetAddress.getByName("10.1." + (i + 5) + ".0"), echo.getAddress(), "each query's own subnet, not the kept one's");
            assertEquals(List.of("192.0.2.1"), reply.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList());
        }
    }

    @Test
    void tcpIdleTimeoutCountsIdlenessNotConnectionAge() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), dns.port())) {
            s.setSoTimeout(3000);
            long opened = System.nanoTime();
            while (System.nanoTime() - opened < TimeUnit.MILLISECONDS.toNanos(2500)) { // 2.5 x the 1 s idle timeout
                Message reply = new Message(DnsPeers.exchange(s, query("www.cdn.example.", Type.A).toWire()));
                assertEquals(Rcode.NOERROR, reply.getRcode(), "an active connection stays open past the idle timeout");
                Thread.sleep(100);
            }
            long idleFrom = System.nanoTime();
            InputStream in = s.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("an idle connection was not closed within 3 s", e);
            } catch (IOException reset) {
                read = -1;
            }
            long idleMillis = (System.nanoTime() - idleFrom) / 1_000_000;
            assertEquals(-1, read, "closed by the server");
            assertTrue(idleMillis >= 500, "closed after about the idle timeout, not at once: " + idleMillis + " ms");
        }
    }

    @Test
    void everyServerOnPortZeroAnswersUdpAndTcpOnOnePort() throws Exception {
        for (int i = 0; i < 8; i++) {
            DnsServer s = DnsPeers.start(vertx, dir.resolve("port-" + i + ".yaml"), CONFIG);
            try {
                byte[] q = query("www.cdn.example.", Type.A).toWire();
                assertEquals(Rcode.NOERROR, new Message(DnsPeers.udp(s.port(), q)).getRcode());
                assertEquals(Rcode.NOERROR, new Message(DnsPeers.tcp(s.port(), q)).getRcode());
            } finally {
                s.close().await(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void responsesAreNeverAnswered() throws Exception {
        Message q = query("www.cdn.example.", Type.A);
        q.getHeader().setFlag(Flags.QR);
        try {
            DnsPeers.udp(dns.port(), q.toWire());
            throw new AssertionError("a response got an answer");
        } catch (SocketTimeoutException expected) {
            assertTrue(dns.port() > 0, "dropped, as it should be: no reflection loops");
        }
    }
}
