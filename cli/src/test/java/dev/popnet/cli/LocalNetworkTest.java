package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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

/** End to end on loopback: the DNS router sends a client to its PoP, whose edges miss then hit. */
class LocalNetworkTest {
    @Test
    void dnsAnswerLeadsToTheRightPopWhichMissesThenHits() throws Exception {
        Scenario scenario = Scenario.load(Path.of(System.getProperty("popnet.root.dir"), "configs", "scenarios", "quickstart.yaml"));
        Vertx vertx = Vertx.vertx();
        LocalNetwork net = LocalNetwork.start(vertx, scenario, null, 0);
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String[][] clients = {{"10.2.0.0", "fra"}, {"10.3.0.0", "nyc"}, {"10.6.0.0", "tyo"}}; // eu-central, us-east, japan
            for (String[] client : clients) {
                SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
                resolver.setPort(net.dns.port());
                resolver.setEDNS(0, 1232, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName(client[0]))));
                Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString("www." + LocalNetwork.ZONE), Type.A, DClass.IN)));
                List<String> addresses = Arrays.stream(answer.getSectionArray(Section.ANSWER)).map(Record::rdataToString).toList();
                List<String> popEdges = net.edges.get(client[1]).stream().map(e -> e.config().host()).toList();
                assertEquals(popEdges, addresses, client[0] + " should be sent to " + client[1]);
                int port = net.edges.get(client[1]).get(0).port();
                URI uri = URI.create("http://" + addresses.get(0) + ":" + port + "/obj/e2e-" + client[1] + "?size=5000&ttl=60");
                String first = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).headers()
                        .firstValue("Cache-Status").orElse("");
                String second = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).headers()
                        .firstValue("Cache-Status").orElse("");
                // The PoP's edges are one cluster: the key's owner (e1 or e2) fetches and stores it once.
                assertTrue(first.startsWith(client[1] + "-e") && first.contains("; fwd=uri-miss") && first.contains("; stored"), first);
                assertTrue(second.startsWith(client[1] + "-e") && second.contains("; hit"), second);
            }
        } finally {
            net.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
