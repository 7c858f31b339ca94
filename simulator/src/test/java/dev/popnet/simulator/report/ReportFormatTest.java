package dev.popnet.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.popnet.simulator.Scenarios;
import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.Simulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report formats, with and without the components' stats a live run collects. */
class ReportFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    // Shapes copied from the servers: EdgeStats.toMap (+ the PoP membership EdgeServer adds), PopStats.popWide
    // with StatsSum totals, OriginStats.toMap, DnsServer.statsMap; latency blocks are LatencySnapshot.toMap.
    private static final String EDGE = """
            {"node":"lon-1","requests":1200,"hits":900,"misses":250,"stale_served":10,"revalidated":20,"revalidations":25,
             "coalesced_waits":5,"bypassed":20,"evictions":40,"purged":0,"origin_fetches":275,"pop_peer_fetches":12,
             "origin_errors":3,"bytes_in":2750000,"bytes_out":12000000,"hit_ratio":0.775,"byte_hit_ratio":0.77,
             "cache":{"policy":"lru","objects":500,"bytes":5000000,"capacity":5000000},
             "client_latency":{"count":1200,"mean_ms":1.2,"p50_ms":0.8,"p90_ms":2.0,"p95_ms":3.1,"p99_ms":7.25,"p999_ms":12.0,"max_ms":15.0},
             "origin_latency":{"count":275,"mean_ms":21.0,"p50_ms":20.5,"p90_ms":22.0,"p95_ms":23.0,"p99_ms":30.0,"p999_ms":31.0,"max_ms":31.0},
             "pop":{"pop":"lon","self":"127.0.0.1:18081","members":[{"id":"m1","http":"127.0.0.1:18081","self":true}]}}
            """;
    private static final String POP = """
            {"scope":"pop","pop":"lon","members":2,"reporting":2,
             "totals":{"requests":2400,"hits":1800,"misses":500,"stale_served":20,"revalidated":40,"revalidations":50,
               "coalesced_waits":10,"bypassed":40,"evictions":80,"purged":0,"origin_fetches":550,"pop_peer_fetches":24,
               "origin_errors":4,"bytes_in":5500000,"bytes_out":24000000,"cache":{"objects":1000,"bytes":10000000,"capacity":10000000},
               "client_latency":{"count":2400},"origin_latency":{"count":550},"pop":{},"hit_ratio":0.782608695652174},
             "nodes":{"127.0.0.1:18081":{"node":"lon-1","requests":1200},"127.0.0.1:18082":{"node":"lon-2","requests":1200}}}
            """;
    private static final String ORIGIN = """
            {"requests":560,"bytes_sent":2800000,"connections_dropped":1,"status":{"200":540,"304":10,"503":9},
             "kind":{"obj":550,"stats":10},
             "latency":{"count":559,"mean_ms":1.5,"p50_ms":1.0,"p90_ms":2.0,"p95_ms":2.5,"p99_ms":4.5,"p999_ms":6.0,"max_ms":6.0}}
            """;
    private static final String DNS = """
            {"zone":"cdn.popnet.test.","strategy":"nearest","queries_by_type":{"A":300,"AAAA":20},
             "responses_by_rcode":{"NOERROR":310,"NXDOMAIN":8,"SERVFAIL":2},"answers_by_pop":{"lon":160,"nyc":150},
             "pop_health":{"lon":true,"nyc":true},"dropped":1,"truncated":0,"tcp_connections":0,"reloads":0,
             "latency":{"count":320,"mean_ms":0.1,"p50_ms":0.08,"p90_ms":0.2,"p95_ms":0.25,"p99_ms":0.42,"p999_ms":0.9,"max_ms":1.1}}
            """;
    private static final String REFUSED = "connection refused: 127.0.0.1:18082 <no \"answer\">";

    private static RunResult simulated;
    private static RunResult live;

    @BeforeAll
    static void run() throws Exception {
        simulated = Simulation.run(Scenarios.basic(5_000, 500, 200), null, ProgressListener.NONE);
        live = simulated.withComponents(List.of(
                ComponentStats.read("origin", "origin", "http://127.0.0.1:18080/stats", JSON.readTree(ORIGIN)),
                ComponentStats.read("edge", "lon-1", "http://127.0.0.1:18081/stats", JSON.readTree(EDGE)),
                ComponentStats.read("pop", "lon", "http://127.0.0.1:18081/stats?scope=pop", JSON.readTree(POP)),
                ComponentStats.failed("edge", "nyc-1", "http://127.0.0.1:18082/stats", REFUSED),
                ComponentStats.read("dns", "dns", "http://127.0.0.1:18053/stats", JSON.readTree(DNS))));
    }

    /** The cells of the table row whose name column is {@code name}: columns are two or more spaces apart. */
    private static List<String> tableRow(String table, String kind, String name) {
        return table.lines().map(l -> Arrays.asList(l.trim().split(" {2,}")))
                .filter(cells -> cells.size() > 2 && cells.get(0).equals(kind) && cells.get(1).equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + kind + " " + name + " in\n" + table));
    }

    @Test
    void tableShowsEachComponentsHeadlineFigures() {
        String table = ReportFormat.TABLE.render(live);
        assertTrue(table.startsWith(ReportFormat.TABLE.render(simulated)), "the run's own summary comes first, unchanged");
        assertTrue(table.contains("\nComponents (stats endpoints at the end of the run):\n"), table);
        // kind, name, url, requests, hit %, origin fetches, errors, bytes out, p99 ms, detail
        assertEquals(List.of("kind", "name", "url", "requests", "hit %", "origin fetches", "errors", "bytes out", "p99 ms", "detail"),
                table.lines().dropWhile(l -> !l.startsWith("Components")).skip(1).findFirst().map(l -> Arrays.asList(l.trim().split(" {2,}"))).orElseThrow());
        assertEquals(List.of("origin", "origin", "http://127.0.0.1:18080/stats", "560", "-", "-", "10", "2,800,000", "4.50",
                "status 200=540 304=10 503=9"), tableRow(table, "origin", "origin"));
        assertEquals(List.of("edge", "lon-1", "http://127.0.0.1:18081/stats", "1,200", "77.50", "275", "3", "12,000,000", "7.25",
                "lru, 500 objects"), tableRow(table, "edge", "lon-1"));
        assertEquals(List.of("pop", "lon", "http://127.0.0.1:18081/stats?scope=pop", "2,400", "78.26", "550", "4", "24,000,000", "-",
                "2/2 members reporting"), tableRow(table, "pop", "lon"));
        assertEquals(List.of("dns", "dns", "http://127.0.0.1:18053/stats", "320", "-", "-", "3", "-", "0.42", "answers lon=160 nyc=150"),
                tableRow(table, "dns", "dns"));
        assertEquals(List.of("edge", "nyc-1", "http://127.0.0.1:18082/stats", "-", "-", "-", "-", "-", "-", "error: " + REFUSED),
                tableRow(table, "edge", "nyc-1"));
    }

    @Test
    void absentFieldsShowAsDashes() throws Exception {
        RunResult r = simulated.withComponents(List.of(ComponentStats.read("edge", "old", "http://h/stats", JSON.readTree("{\"requests\":7}"))));
        assertEquals(List.of("edge", "old", "http://h/stats", "7", "-", "-", "-", "-", "-", "-"), tableRow(ReportFormat.TABLE.render(r), "edge", "old"));
    }

    @Test
    void htmlHasAnEscapedComponentsTableAndTheFullDocuments() {
        String html = ReportFormat.HTML.render(live);
        assertTrue(html.contains("<h2>Components (stats endpoints at the end of the run)</h2><table>"), html);
        assertTrue(html.contains("<tr><td class='text'>edge</td><td class='text'>lon-1</td><td class='text'>http://127.0.0.1:18081/stats</td>"
                + "<td>1,200</td><td>77.50</td><td>275</td><td>3</td><td>12,000,000</td><td>7.25</td><td class='text'>lru, 500 objects</td></tr>"), html);
        assertTrue(html.contains("<td class='text'>error: connection refused: 127.0.0.1:18082 &lt;no &quot;answer&quot;&gt;</td>"), html);
        assertFalse(html.contains("<no \"answer\">"), "error text is escaped");
        assertTrue(html.contains("<summary>dns dns http://127.0.0.1:18053/stats</summary><pre>"), "each document can be unfolded");
        assertTrue(html.contains("&quot;answers_by_pop&quot; : {"), html);
        assertEquals(1, html.split("Components \\(stats", -1).length - 1, "one components section, not also in the text summary");
    }

    @Test
    void csvWritesComponentsBesidePops(@TempDir Path dir) throws Exception {
        ReportFormat.CSV.write(live, dir);
        assertTrue(Files.exists(dir.resolve("pops.csv")));
        List<String> lines = Files.readAllLines(dir.resolve("components.csv"));
        assertEquals(List.of("kind,name,url,requests,hit_ratio,origin_fetches,errors,bytes_out,p99_ms,detail",
                "origin,origin,http://127.0.0.1:18080/stats,560,,,10,2800000,4.500,status 200=540 304=10 503=9",
                "edge,lon-1,http://127.0.0.1:18081/stats,1200,0.775000,275,3,12000000,7.250,\"lru, 500 objects\"",
                "pop,lon,http://127.0.0.1:18081/stats?scope=pop,2400,0.782609,550,4,24000000,,2/2 members reporting",
                "edge,nyc-1,http://127.0.0.1:18082/stats,,,,,,,\"error: connection refused: 127.0.0.1:18082 <no \"\"answer\"\">\"",
                "dns,dns,http://127.0.0.1:18053/stats,320,,,3,,0.420,answers lon=160 nyc=150"), lines);
    }

    @Test
    void jsonCarriesTheWholeDocumentsAndTheErrors() throws Exception {
        JsonNode json = JSON.readTree(ReportFormat.JSON.render(live));
        JsonNode components = json.get("components");
        assertEquals(5, components.size());
        assertEquals(JSON.readTree(EDGE), components.get(1).get("stats"), "the edge's document, whole");
        assertEquals(500, components.get(1).at("/stats/cache/objects").asInt());
        assertTrue(components.get(1).get("error").isNull());
        assertEquals("edge", components.get(3).get("kind").asText());
        assertTrue(components.get(3).get("stats").isNull());
        assertEquals(REFUSED, components.get(3).get("error").asText());
        assertEquals(JSON.readTree(DNS), components.get(4).get("stats"));
    }

    @Test
    void simulationHasNoComponentsSection(@TempDir Path dir) throws Exception {
        assertTrue(simulated.components().isEmpty());
        assertFalse(ReportFormat.TABLE.render(simulated).contains("Components"));
        assertFalse(ReportFormat.HTML.render(simulated).contains("Components"));
        assertEquals(0, JSON.readTree(ReportFormat.JSON.render(simulated)).get("components").size());
        ReportFormat.CSV.write(simulated, dir);
        assertTrue(Files.exists(dir.resolve("pops.csv")));
        assertFalse(Files.exists(dir.resolve("components.csv")));
    }

    @Test
    void aComponentHasEitherStatsOrAnError() {
        assertThrows(IllegalArgumentException.class, () -> new ComponentStats("edge", "a", "http://h/stats", null, null));
        assertThrows(IllegalArgumentException.class, () -> new ComponentStats("edge", "a", "http://h/stats", JSON.createObjectNode(), "boom"));
        assertThrows(IllegalArgumentException.class, () -> ComponentStats.failed("cache", "a", "http://h/stats", "boom"));
    }
}
