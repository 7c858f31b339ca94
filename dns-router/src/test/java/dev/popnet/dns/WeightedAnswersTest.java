package dev.popnet.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** max-answers: each client network gets the top N healthy edges of its PoP by weighted rendezvous hashing. */
class WeightedAnswersTest {
    @TempDir
    Path dir;

    static List<String> answer(DnsServer dns, String subnet) throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString("www.cdn.example."), Type.A, DClass.IN));
        q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName(subnet)))), Section.ADDITIONAL);
        Message m = new Message(DnsPeers.udp(dns.port(), q.toWire()));
        return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).sorted().toList();
    }

    @Test
    void heavierEdgesAreInMoreAnswersAndUnhealthyOnesInNone() throws Exception {
        Vertx vertx = Vertx.vertx();
        List<HttpServer> edges = new ArrayList<>();
        DnsServer dns = null;
        try {
            StringBuilder list = new StringBuilder();
            for (int i = 1; i <= 4; i++) {
                HttpServer e = vertx.createHttpServer().requestHandler(r -> r.response().end("ok")).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
                edges.add(e);
                list.append(i == 1 ? "" : ", ").append("{address: 192.0.2.1").append(i).append(", http: \"127.0.0.1:").append(e.actualPort())
                        .append("\", weight: ").append(i == 1 ? 4 : 1).append("}");
            }
            StringBuilder networks = new StringBuilder();
            for (int n = 0; n < 64; n++) {
                networks.append(n == 0 ? "" : ", ").append("10.1.").append(n).append(".0/24");
            }
            dns = DnsPeers.start(vertx, dir.resolve("dns.yaml"), """
                    host: 127.0.0.1
                    port: 0
                    stats-port: 0
                    zone: cdn.example.
                    max-answers: 2
                    health: {interval: 100ms, timeout: 500ms, rise: 1, fall: 1}
                    pops:
                      - {name: lon, location: {lat: 51.51, lon: -0.13}, edges: [%s]}
                    regions:
                      - {name: europe, location: {lat: 48.86, lon: 2.35}, networks: [%s]}
                    """.formatted(list, networks));
            Map<String, Integer> appearances = new HashMap<>();
            for (int n = 0; n < 64; n++) {
                List<String> got = answer(dns, "10.1." + n + ".0");
                assertEquals(2, new HashSet<>(got).size(), "two different edges: " + got);
                assertEquals(got, answer(dns, "10.1." + n + ".0"), "a network keeps its edges");
                got.forEach(a -> appearances.merge(a, 1, Integer::sum));
            }
            int heavy = appearances.getOrDefault("192.0.2.11", 0);
            for (String light : List.of("192.0.2.12", "192.0.2.13", "192.0.2.14")) {
                assertTrue(heavy > appearances.getOrDefault(light, 0), "weight 4 is in more answers than weight 1: " + appearances);
                assertTrue(appearances.getOrDefault(light, 0) > 0, "every edge gets some networks: " + appearances);
            }
            edges.get(0).close().await(5, TimeUnit.SECONDS);
            DnsServer d = dns;
            DnsPeers.await("the stopped heavy edge left every answer", 5000, () -> {
                try {
                    for (int n = 0; n < 64; n++) {
                        if (answer(d, "10.1." + n + ".0").contains("192.0.2.11")) {
                            return false;
                        }
                    }
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
            assertFalse(answer(dns, "10.1.7.0").contains("192.0.2.11"));
            assertEquals(2, answer(dns, "10.1.7.0").size(), "still two addresses, from the healthy edges");
        } finally {
            if (dns != null) {
                dns.close().await(5, TimeUnit.SECONDS);
            }
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }
}
