package dev.popnet.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.engine.Simulation;
import dev.popnet.simulator.scenario.PopSpec;
import dev.popnet.simulator.scenario.Scenario;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The HTML report's charts, read back as SVG documents: round ticks, every PoP named, no label over another. */
class HtmlChartsTest {
    private static Scenario scenario;
    private static RunResult result;
    private static List<Document> charts;

    @BeforeAll
    static void render() throws Exception {
        Path file = Path.of(System.getProperty("popnet.root.dir"), "configs", "scenarios", "ttl-and-load.yaml");
        scenario = Scenario.load(file).withRequests(60_000);
        result = Simulation.run(scenario, file.getParent(), ProgressListener.NONE);
        charts = svgs(result);
        assertTrue(charts.size() >= 8, "time charts, CDF, per PoP, per class, map: " + charts.size());
        // the quickstart's London and Frankfurt sit close on a world map: their labels must still not collide
        Path quickstart = file.resolveSibling("quickstart.yaml");
        quickstartCharts = svgs(Simulation.run(Scenario.load(quickstart).withRequests(20_000), quickstart.getParent(), ProgressListener.NONE));
    }

    private static List<Document> quickstartCharts;

    private static List<Document> svgs(RunResult r) throws Exception {
        List<Document> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)<svg .*?</svg>").matcher(ReportFormat.HTML.render(r));
        while (m.find()) {
            out.add(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(m.group()))));
        }
        return out;
    }

    private static List<Element> texts(Document svg) {
        NodeList nodes = svg.getElementsByTagName("text");
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static String title(Document svg) {
        return texts(svg).stream().filter(t -> t.getAttribute("class").equals("title")).findFirst().orElseThrow().getTextContent();
    }

    private static Document chart(String title) {
        return charts.stream().filter(c -> title(c).startsWith(title)).findFirst().orElseThrow(() -> new AssertionError("no chart " + title));
    }

    @Test
    void ticksAreRoundNumbers() {
        List<Document> all = new ArrayList<>(charts);
        all.addAll(quickstartCharts);
        for (Document svg : all) {
            for (String axis : new String[] {"tick x", "tick y"}) {
                List<Double> ticks = texts(svg).stream().filter(t -> t.getAttribute("class").equals(axis))
                        .map(t -> Double.parseDouble(t.getTextContent())).toList();
                if (ticks.isEmpty()) {
                    continue;
                }
                String where = title(svg) + " " + axis + " " + ticks;
                assertTrue(ticks.size() >= 2, where);
                boolean decades = ticks.stream().allMatch(v -> v > 0 && Math.abs(Math.log10(v) - Math.rint(Math.log10(v))) < 1e-9)
                        && ticks.size() > 2 && ticks.get(2) / ticks.get(1) == 10;
                if (decades) {
                    continue; // a log axis: 1, 10, 100 ...
                }
                double step = ticks.get(1) - ticks.get(0);
                double mantissa = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
                assertTrue(Math.abs(mantissa - 1) < 1e-6 || Math.abs(mantissa - 2) < 1e-6 || Math.abs(mantissa - 5) < 1e-6, where);
                for (int i = 0; i < ticks.size(); i++) {
                    assertEquals(ticks.get(0) + i * step, ticks.get(i), step * 1e-6, where);
                    assertEquals(Math.rint(ticks.get(i) / step), ticks.get(i) / step, 1e-6, "each tick a multiple of the step: " + where);
                }
            }
        }
    }

    @Test
    void everyPopIsNamedOnTheComparisonAndTheMap() {
        List<String> pops = scenario.pops().stream().map(PopSpec::name).toList();
        List<String> categories = texts(chart("Per PoP")).stream().filter(t -> t.getAttribute("class").equals("category"))
                .map(Element::getTextContent).toList();
        assertEquals(pops, categories, "a categorical axis: the PoP names and nothing else");
        assertFalse(texts(chart("Per PoP")).stream().anyMatch(t -> t.getAttribute("class").equals("tick x")), "no numeric x axis under the bars");
        List<String> mapLabels = texts(chart("PoPs, client regions")).stream().filter(t -> t.getAttribute("class").equals("label pop"))
                .map(Element::getTextContent).toList();
        assertEquals(pops, mapLabels);
        List<String> regions = texts(chart("PoPs, client regions")).stream().filter(t -> t.getAttribute("class").equals("label region"))
                .map(Element::getTextContent).toList();
        assertEquals(scenario.regions().stream().map(r -> r.name()).toList(), regions);
    }

    @Test
    void noLabelCoversAnotherOrLeavesItsChart() {
        List<Document> all = new ArrayList<>(charts);
        all.addAll(quickstartCharts);
        for (Document svg : all) {
            double width = Double.parseDouble(svg.getDocumentElement().getAttribute("width"));
            double height = Double.parseDouble(svg.getDocumentElement().getAttribute("height"));
            List<double[]> boxes = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Element t : texts(svg)) {
                double[] box = box(t);
                String what = title(svg) + ": '" + t.getTextContent() + "'";
                assertTrue(box[0] >= 0 && box[2] <= width && box[1] >= 0 && box[3] <= height, what + " inside the chart");
                for (int i = 0; i < boxes.size(); i++) {
                    double[] b = boxes.get(i);
                    assertFalse(box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3], what + " covers '" + names.get(i) + "'");
                }
                boxes.add(box);
                names.add(t.getTextContent());
            }
        }
    }

    /** The box a label takes: its font size high, 0.6 em a character wide, placed by its anchor (or turned upright). */
    private static double[] box(Element t) {
        double x = Double.parseDouble(t.getAttribute("x"));
        double y = Double.parseDouble(t.getAttribute("y"));
        double size = Double.parseDouble(t.getAttribute("font-size"));
        double w = SvgChart.textWidth(t.getTextContent(), size);
        if (t.getAttribute("transform").startsWith("rotate(-90")) {
            return new double[] {x - size, y - w / 2, x, y + w / 2};
        }
        double left = switch (t.getAttribute("text-anchor")) {
            case "middle" -> x - w / 2;
            case "end" -> x - w;
            default -> x;
        };
        return new double[] {left, y - size, left + w, y + 2};
    }

    @Test
    void csvKeepsAScenarioNamedWithACommaInOneColumn() throws Exception {
        RunResult named = new RunResult("par,ity", result.source(), result.seed(), result.policies(), result.routing(), result.requests(),
                result.measuredRequests(), result.virtualSeconds(), result.wallSeconds(), result.requestsPerSecond(), result.total(), result.pops(),
                result.classes(), result.originUtilisation(), result.series(), result.latencyCdf(), result.latencyCdfPerPop(), result.timeline(),
                result.places(), result.components());
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<String[]> rows = mapper.readerFor(String[].class).readValues(CsvReport.render(named))) {
            List<String[]> all = rows.readAll();
            assertEquals(scenario.pops().size() + 2, all.size(), "header, a row per PoP, all");
            for (String[] row : all.subList(1, all.size())) {
                assertEquals(all.get(0).length, row.length);
                assertEquals("par,ity", row[0]);
            }
        }
    }
}
