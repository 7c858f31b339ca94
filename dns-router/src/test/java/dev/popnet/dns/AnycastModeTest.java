package dev.popnet.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.popnet.core.config.ConfigLoader;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The shipped configs/dns.yaml in anycast mode: one address for everyone, catchment counted per PoP. */
class AnycastModeTest {
    @Test
    void everyClientGetsTheSharedAddressAndStatsCountTheCatchment() throws Exception {
        Path shipped = Path.of(System.getProperty("popnet.root.dir"), "configs", "dns.yaml");
        DnsConfig config = ConfigLoader.load(DnsConfig.class, shipped, Map.of(),
                Map.of("strategy", "anycast", "port", "0", "stats-port", "0", "health.interval", "1h"));
        Vertx vertx = Vertx.vertx();
        DnsServer dns = DnsServer.start(vertx, config, null).await(5, TimeUnit.SECONDS);
        try {
            for (String client : List.of("10.1.0.0", "10.2.0.0", "10.3.0.0")) {
                SimpleResolver r = new SimpleResolver(InetAddress.getLoopbackAddress());
                r.setPort(dns.port());
                r.setEDNS(0, 1232, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName(client))));
                Message m = r.send(Message.newQuery(Record.newRecord(Name.fromString("www.cdn.example."), Type.A, DClass.IN)));
                assertEquals(List.of("127.0.0.10"), Arrays.stream(m.getSectionArray(Section.ANSWER)).map(Record::rdataToString).toList());
            }
            String stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dns.statsPort() + "/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertEquals(true, stats.replaceAll("\\s", "").contains("\"answers_by_pop\":{\"lon\":1,\"nyc\":1,\"sin\":1}"), stats);
        } finally {
            dns.close().await(5, TimeUnit.SECONDS);
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }
}
