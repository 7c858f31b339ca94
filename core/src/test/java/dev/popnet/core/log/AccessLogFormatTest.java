package dev.popnet.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogFormatTest {
    private static final long AT = Instant.parse("2026-03-01T12:34:56Z").toEpochMilli();
    private static final AccessLogEntry MISS = new AccessLogEntry("10.0.0.7", AT, "GET", "/obj/1?size=10", "HTTP/1.1", 200, 1234,
            "https://ref.example/", "curl/8.5", "cdn.example", "lon-1; fwd=uri-miss; stored", 12_345_678, 15_000_000);

    @Test
    void combinedIsNginxCombinedThenCacheStatusUpstreamAndRequestSeconds() {
        String time = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).format(Instant.ofEpochMilli(AT).atZone(ZoneId.systemDefault()));
        assertEquals("10.0.0.7 - - [" + time + "] \"GET /obj/1?size=10 HTTP/1.1\" 200 1234 \"https://ref.example/\" \"curl/8.5\" "
                + "\"lon-1; fwd=uri-miss; stored\" 0.012 0.015", AccessLogFormat.COMBINED.format(MISS));
    }

    @Test
    void combinedEscapesWhatCouldForgeALineAsNginxDoes() {
        AccessLogEntry hostile = new AccessLogEntry(null, AT, "GET", "/a\"b\\c\nd é", "HTTP/1.1", 400, 0, null, "x\"y", null, null, -1, 1_000_000);
        String line = AccessLogFormat.COMBINED.format(hostile);
        assertTrue(line.startsWith("- - - ["), line);
        assertTrue(line.contains("\"GET /a\\x22b\\x5Cc\\x0Ad \\xC3\\xA9 HTTP/1.1\" 400 0 \"-\" \"x\\x22y\" \"-\" - 0.001"), line);
        assertEquals(1, line.lines().count(), "one request, one line");
    }

    @Test
    void jsonHasTheSameFieldsAndNullForNoUpstream() throws Exception {
        JsonNode o = new ObjectMapper().readTree(AccessLogFormat.JSON.format(MISS));
        assertEquals("2026-03-01T12:34:56Z", o.get("time").asText());
        assertEquals("/obj/1?size=10", o.get("target").asText());
        assertEquals(1234, o.get("bytes_sent").asLong());
        assertEquals("lon-1; fwd=uri-miss; stored", o.get("cache_status").asText());
        assertEquals(0.012345678, o.get("upstream_seconds").asDouble(), 1e-12);
        AccessLogEntry hit = new AccessLogEntry("::1", AT, "HEAD", "/", "HTTP/2.0", 200, 0, null, null, null, "lon-1; hit", -1, 5);
        assertTrue(new ObjectMapper().readTree(AccessLogFormat.JSON.format(hit)).get("upstream_seconds").isNull());
    }

    @Test
    void writerAppendsOffTheCallersThreadAndReopens(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        AccessLogWriter w = new AccessLogWriter(file, AccessLogFormat.COMBINED);
        w.accept(MISS);
        Path rotated = dir.resolve("access.log.1");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (w.written() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Files.move(file, rotated);
        w.reopen();
        w.accept(MISS);
        w.close();
        assertEquals(1, Files.readAllLines(rotated).size());
        assertEquals(1, Files.readAllLines(file).size(), "the second line went to a new file at the same path");
        assertEquals(0, w.dropped());
    }

    @Test
    void protocolNamesFromAlpn() {
        assertEquals("HTTP/1.1", AccessLogEntry.protocolOf("http/1.1"));
        assertEquals("HTTP/2.0", AccessLogEntry.protocolOf("h2"));
    }
}
