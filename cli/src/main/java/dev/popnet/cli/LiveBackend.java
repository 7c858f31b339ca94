package dev.popnet.cli;

import dev.popnet.core.routing.GeoPoint;
import dev.popnet.edge.EdgeServer;
import dev.popnet.simulator.engine.Backend;
import dev.popnet.simulator.scenario.RegionSpec;
import dev.popnet.simulator.scenario.Scenario;
import dev.popnet.simulator.workload.Request;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A live run's clients: DNS questions to the real router (with the ECS of the region nearest to the
 * asking resolver), then real HTTP requests to the chosen edge, classified by its Cache-Status.
 */
final class LiveBackend implements Backend {
    private final Scenario scenario;
    private final LocalNetwork network;
    private final Map<String, String> popByAddress = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final SimpleResolver resolver;

    LiveBackend(Scenario scenario, LocalNetwork network) throws IOException {
        this.scenario = scenario;
        this.network = network;
        network.edges.forEach((pop, list) -> list.forEach(e -> popByAddress.put(e.config().host(), pop)));
        resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
        resolver.setPort(network.dns.port());
        resolver.setTimeout(Duration.ofSeconds(2));
    }

    @Override
    public String name() {
        return "live";
    }

    @Override
    public String resolve(int regionIndex, GeoPoint asking) {
        int subnet = nearestRegion(asking) + 1;
        try {
            resolver.setEDNS(0, 1232, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName("10." + subnet + ".0.0"))));
            Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString("www." + LocalNetwork.ZONE), Type.A, DClass.IN)));
            Record[] records = answer.getSectionArray(Section.ANSWER);
            if (records.length == 0) {
                throw new IllegalStateException("the DNS router answered no address: " + answer);
            }
            return popByAddress.get(records[0].rdataToString());
        } catch (IOException e) {
            throw new IllegalStateException("DNS query failed: " + e.getMessage(), e);
        }
    }

    private int nearestRegion(GeoPoint asking) {
        List<RegionSpec> regions = scenario.regions();
        int best = 0;
        for (int i = 1; i < regions.size(); i++) {
            if (regions.get(i).location().distanceKm(asking) < regions.get(best).location().distanceKm(asking)) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public Served serve(String pop, String edge, Request request) {
        EdgeServer server = network.edges.get(pop).get(Integer.parseInt(edge.substring(edge.lastIndexOf("-e") + 2)) - 1);
        URI uri = URI.create("http://" + server.config().host() + ":" + server.port() + "/obj/" + request.objectId() + "?size="
                + request.size() + "&ttl=86400");
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                return Served.FAILED;
            }
            // One Cache-Status entry per cache on the path (RFC 9211): this PoP's edges (the one asked
            // and the key's owner) and, when tiered, the parent PoP's.
            boolean popHit = false;
            boolean parentHit = false;
            for (String hop : r.headers().firstValue("Cache-Status").orElse("").split(",")) {
                boolean hit = hop.contains("; hit") || hop.contains("collapsed");
                if (hop.trim().startsWith(pop + "-e")) {
                    popHit |= hit;
                } else {
                    parentHit |= hit;
                }
            }
            return popHit ? Served.HIT : parentHit ? Served.PARENT_HIT : Served.ORIGIN;
        } catch (IOException e) {
            return Served.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Served.FAILED;
        }
    }
}
