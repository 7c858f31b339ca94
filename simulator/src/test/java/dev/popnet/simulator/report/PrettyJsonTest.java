package dev.popnet.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replay's JSON without Jackson reads character for character as Jackson's default pretty printer writes it. */
class PrettyJsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void writesWhatJacksonsPrettyPrinterWrites() throws Exception {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("objects", 48_974L);
        inner.put("bytes", 2_029_769_728L);
        inner.put("empty", Map.of());
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("policy", "s3fifo(ghost=0.9)");
        run.put("miss_ratio", 0.8096810453842911);
        run.put("tiny", 1.0E-9);
        run.put("whole", 3.0);
        run.put("nan", Double.NaN);
        run.put("infinite", Double.POSITIVE_INFINITY);
        run.put("count", 7);
        run.put("flag", true);
        run.put("none", null);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("trace", "/traces/a \"quoted\" \\ path\twith\ncontrols\u0001\u001f and é");
        root.put("working_set", inner);
        root.put("runs", List.of(run, new LinkedHashMap<>(run)));
        root.put("nothing", List.of());
        root.put("numbers", List.of(1L, 2.5, "x"));

        assertEquals(JACKSON.writerWithDefaultPrettyPrinter().writeValueAsString(root), PrettyJson.render(root));
        assertEquals(root.get("trace"), JACKSON.readTree(PrettyJson.render(root)).get("trace").asText());
    }
}
