package dev.popnet.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.simulator.scenario.Scenario;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * End to end on loopback, each server its own process: the DNS router sends a client to its PoP,
 * whose edges miss then hit; a crashed edge is reported with its log; closing stops every process.
 */
class LocalNetworkTest {
    @Test
    void dnsAnswerLeadsToTheRightPopWhichMissesThenHits(@TempDir Path runDir) throws Exception {
        Scenario scenario = Scenario.load(Path.of(System.getProperty("popnet.root.dir"), "configs", "scenarios", "parity.yaml"));
        LocalNetwork net = LocalNetwork.start(scenario, new LocalNetwork.Options(runDir, 0, null, true, null), null);
        List<Component> components = net.components();
        try {
            Set<Long> pids = components.stream().map(Component::pid).collect(Collectors.toSet());
            assertEquals(6, pids.size(), "origin, four edges and the DNS router are six processes");
            assertFalse(pids.contains(ProcessHandle.current().pid()));
            assertTrue(components.stream().allMatch(Component::alive));

            String[][] clients = {{"10.1.0.0", "lon"}, {"10.2.0.0", "nyc"}}; // europe, us
            for (String[] client : clients) {
                List<String> addresses = ask(net.plan().dnsPort(), client[0]);
                List<String> popEdges = net.plan().edges().get(client[1]).stream().map(NetworkPlan.Edge::host).toList();
                assertEquals(popEdges, addresses, client[0] + " should be sent to " + client[1]);
                // Any edge of the PoP will do: the key's owner (e1 or e2) fetches and stores it once.
                NetworkPlan.Edge first = net.plan().edges().get(client[1]).get(0);
                NetworkPlan.Edge second = net.plan().edges().get(client[1]).get(1);
                String miss = cacheStatus(first, "/obj/e2e-" + client[1] + "?size=5000&ttl=60");
                String hit = cacheStatus(second, "/obj/e2e-" + client[1] + "?size=5000&ttl=60");
                assertTrue(miss.startsWith(client[1] + "-e") && miss.contains("; fwd=uri-miss") && miss.contains("; stored"), miss);
                assertTrue(hit.startsWith(client[1] + "-e") && hit.contains("; hit"), hit);
            }

            net.checkRunning();
            Component crashed = components.get(1);
            ProcessHandle process = ProcessHandle.of(crashed.pid()).orElseThrow();
            process.destroyForcibly();
            process.onExit().get();
            IllegalStateException e = assertThrows(IllegalStateException.class, net::checkRunning);
            assertTrue(e.getMessage().startsWith("edge lon-e1 (pid " + crashed.pid() + ") exited unexpectedly"), e.getMessage());
            assertTrue(e.getMessage().contains("popnet edge lon-e1 listening on http://127.0.1.1:"), "the log's end is shown: " + e.getMessage());
        } finally {
            net.close();
        }
        assertTrue(components.stream().noneMatch(Component::alive), "close stops every process");
    }

    private static List<String> ask(int dnsPort, String clientNet) throws Exception {
        SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
        resolver.setPort(dnsPort);
        resolver.setEDNS(0, 1232, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName(clientNet))));
        Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(NetworkPlan.HOSTNAME), Type.A, DClass.IN)));
        return Arrays.stream(answer.getSectionArray(Section.ANSWER)).map(Record::rdataToString).toList();
    }

    /** Over a plain socket: the JDK's HTTP clients refuse to set Host, and clients of a CDN send its hostname. */
    private static String cacheStatus(NetworkPlan.Edge edge, String path) throws Exception {
        try (Socket s = new Socket(edge.host(), edge.port())) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + NetworkPlan.HOSTNAME_NO_DOT + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 200"), response.lines().findFirst().orElse(""));
            return response.lines().filter(l -> l.regionMatches(true, 0, "Cache-Status:", 0, 13)).map(l -> l.substring(13).trim())
                    .findFirst().orElse("");
        }
    }
}
