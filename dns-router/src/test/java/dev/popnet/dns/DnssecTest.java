package dev.popnet.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.time.ManualTicker;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A signed zone checked by a real validator: delv (BIND 9) against the running router, trusting only the
 * KSK written to an anchor file by the test, for geo answers, NXDOMAIN and NODATA (compact denial).
 */
class DnssecTest {
    @TempDir
    static Path dir;
    static Vertx vertx;
    static DnsServer dns;
    static DNSKEYRecord ksk;

    /** Writes a BIND key pair (K<zone>+013+<tag>.key / .private) as dnssec-keygen does; returns the path without suffix. */
    static Path writeKey(Path dir, Name zone, int flags) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        DNSKEYRecord dnskey = new DNSKEYRecord(zone, DClass.IN, 3600, flags, DNSKEYRecord.Protocol.DNSSEC,
                DNSSEC.Algorithm.ECDSAP256SHA256, pair.getPublic());
        Path base = dir.resolve("K" + zone + "+013+" + dnskey.getFootprint());
        Files.writeString(Path.of(base + ".key"), "; a " + (flags == 257 ? "key" : "zone") + "-signing key\n" + dnskey + "\n");
        byte[] d = ((ECPrivateKey) pair.getPrivate()).getS().toByteArray();
        byte[] fixed = new byte[32];
        System.arraycopy(d, Math.max(0, d.length - 32), fixed, Math.max(0, 32 - d.length), Math.min(32, d.length));
        Files.writeString(Path.of(base + ".private"), "Private-key-format: v1.3\nAlgorithm: 13 (ECDSAP256SHA256)\nPrivateKey: "
                + Base64.getEncoder().encodeToString(fixed) + "\n");
        return base;
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Name zone = Name.fromString("cdn.example.");
        Path k = writeKey(dir, zone, 257);
        Path z = writeKey(dir, zone, 256);
        Path next = writeKey(dir, zone, 256); // pre-published for the next ZSK rollover: in the DNSKEY set, signs nothing
        ksk = (DNSKEYRecord) new org.xbill.DNS.Master(Path.of(k + ".key").toString()).nextRecord();
        dns = DnsPeers.start(vertx, dir.resolve("dns.yaml"), """
                host: 127.0.0.1
                port: 0
                stats-port: 0
                zone: cdn.example.
                hostnames: [www.cdn.example., v6.cdn.example.]
                health: {interval: 1h}
                dnssec:
                  keys: [{file: "%s"}, {file: "%s"}, {file: "%s", publish-only: true}]
                pops:
                  - {name: lon, location: {lat: 51.51, lon: -0.13}, addresses: [192.0.2.1]}
                  - {name: nyc, location: {lat: 40.71, lon: -74.01}, addresses: [192.0.2.2, "2001:db8::2"]}
                regions:
                  - {name: europe, location: {lat: 48.86, lon: 2.35}, networks: [10.1.0.0/16]}
                  - {name: us, location: {lat: 42.36, lon: -71.06}, networks: [10.2.0.0/16, 127.0.0.0/8]}
                """.formatted(k, z, next));
    }

    @AfterAll
    static void stop() throws Exception {
        dns.close().await(5, TimeUnit.SECONDS);
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    /** delv with the test's own trust anchor for the zone; returns its whole output. */
    static String delv(String name, String type) throws Exception {
        Path anchor = dir.resolve("anchor.conf");
        Files.writeString(anchor, "trust-anchors {\n  cdn.example. static-key 257 3 13 \"" + Base64.getEncoder().encodeToString(ksk.getKey()) + "\";\n};\n");
        Process p = new ProcessBuilder("delv", "@127.0.0.1", "-p", String.valueOf(dns.port()), "-a", anchor.toString(), "+root=cdn.example",
                name, type).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "delv finished");
        return out;
    }

    @Test
    void delvValidatesTheGeoAnswer() throws Exception {
        String out = delv("www.cdn.example", "A");
        assertTrue(out.contains("; fully validated"), out);
        assertTrue(out.contains("www.cdn.example.") && out.contains("192.0.2.2"), "the PoP for 127.0.0.1 (us -> nyc): " + out);
        assertTrue(out.contains("RRSIG"), out);
        String v6 = delv("v6.cdn.example", "AAAA");
        assertTrue(v6.contains("; fully validated") && v6.contains("2001:db8::2"), v6);
    }

    @Test
    void delvValidatesTheNxdomainAndNodataProofs() throws Exception {
        String nx = delv("nope.cdn.example", "A");
        assertTrue(nx.contains("; negative response, fully validated"), nx);
        String nodata = delv("www.cdn.example", "MX");
        assertTrue(nodata.contains("; negative response, fully validated"), nodata);
        String apexNodata = delv("cdn.example", "TXT");
        assertTrue(apexNodata.contains("; negative response, fully validated"), apexNodata);
        String keys = delv("cdn.example", "DNSKEY");
        assertTrue(keys.contains("; fully validated"), keys);
        assertEquals(3, keys.lines().filter(l -> l.contains("DNSKEY") && !l.contains("RRSIG")).count(), "KSK, ZSK and the pre-published ZSK: " + keys);
    }

    @Test
    void signedEcsAnswersAreKeptAndCompactDenialSaysWhatExists() throws Exception {
        for (int i = 0; i < 3; i++) { // the second and third come from the kept answer
            Message q = Message.newQuery(Record.newRecord(Name.fromString("www.cdn.example."), Type.A, DClass.IN));
            q.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO, List.of(new ClientSubnetOption(24, InetAddress.getByName("10.1." + i + ".0")))),
                    Section.ADDITIONAL);
            Message reply = new Message(DnsPeers.udp(dns.port(), q.toWire()));
            List<Record> answer = reply.getSection(Section.ANSWER);
            assertEquals(List.of(Type.A, Type.RRSIG), answer.stream().map(Record::getType).toList());
            assertEquals("192.0.2.1", answer.get(0).rdataToString(), "Europe's PoP");
            assertTrue((reply.getOPT().getFlags() & ExtendedFlags.DO) != 0, "DO echoed");
        }
        Message q = Message.newQuery(Record.newRecord(Name.fromString("nope.cdn.example."), Type.A, DClass.IN));
        q.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        Message nx = new Message(DnsPeers.udp(dns.port(), q.toWire()));
        assertEquals(Rcode.NOERROR, nx.getRcode(), "RFC 9824: the compact answer for a missing name is NOERROR ...");
        NSECRecord nsec = (NSECRecord) nx.getSection(Section.AUTHORITY).stream().filter(r -> r instanceof NSECRecord).findFirst().orElseThrow();
        assertTrue(nsec.hasType(DnssecSigner.NXNAME), "... with NXNAME in the NSEC bitmap");
        assertEquals(Name.fromString("\\000.nope.cdn.example."), nsec.getNext(), "covering nothing but the name itself");
        Message plain = new Message(DnsPeers.udp(dns.port(),
                Message.newQuery(Record.newRecord(Name.fromString("nope.cdn.example."), Type.A, DClass.IN)).toWire()));
        assertEquals(Rcode.NXDOMAIN, plain.getRcode(), "without DO: a plain NXDOMAIN");
        assertFalse(plain.getSection(Section.AUTHORITY).stream().anyMatch(r -> r.getType() == Type.RRSIG));
    }

    @Test
    void signaturesAreKeptPerAnswerSetAndMadeAgainOnceOlderThanTheRefresh() throws Exception {
        Name zone = Name.fromString("cdn.example.");
        Path key = writeKey(dir, zone, 257);
        ManualTicker ticker = new ManualTicker(1_800_000_000_000_000_000L);
        DnssecSigner signer = new DnssecSigner(zone, new DnsConfig.Dnssec(List.of(new DnsConfig.Key(key.toString(), false)),
                Duration.ofDays(2), Duration.ofHours(12)), 3600, ticker);
        List<Record> set = List.of(new ARecord(Name.fromString("www.cdn.example."), DClass.IN, 30, InetAddress.getByName("192.0.2.1")));
        List<RRSIGRecord> first = signer.sign(set);
        ticker.advance(Duration.ofHours(11));
        assertSame(first.get(0), signer.sign(new ArrayList<>(set)).get(0), "the same answer set within the refresh: the kept signature");
        ticker.advance(Duration.ofHours(2));
        RRSIGRecord renewed = signer.sign(set).get(0);
        assertNotEquals(first.get(0).getExpire(), renewed.getExpire(), "older than the refresh: signed again");
        assertEquals(renewed.getTimeSigned().plus(Duration.ofDays(2)).plus(Duration.ofHours(1)), renewed.getExpire(),
                "valid for the validity from now (inception an hour back for skewed clocks)");
        DNSKEYRecord dnskey = signer.dnskeys().get(0);
        DNSSEC.verify(new RRset(set.get(0)), renewed, dnskey, renewed.getTimeSigned().plusSeconds(7200));
        assertTrue(Arrays.equals(dnskey.getKey(), ((DNSKEYRecord) new org.xbill.DNS.Master(key + ".key").nextRecord()).getKey()));
        assertTrue(new BigInteger(1, dnskey.getKey()).signum() > 0);
    }
}
