package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.config.ConfigLoader;
import dev.popnet.core.routing.Strategy;
import dev.popnet.dns.DnsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsCommandTest {
    @Test
    void shippedConfigIsValid() {
        Path shipped = Path.of(System.getProperty("popnet.root.dir"), "configs", "dns.yaml");
        DnsConfig c = ConfigLoader.load(DnsConfig.class, shipped, Map.of("POPNET_PORT", "5399"), Map.of());
        assertEquals(5399, c.port(), "environment overrides the file");
        assertEquals("cdn.example.", c.zone());
        assertEquals(Strategy.NEAREST, c.strategy());
        assertEquals(3, c.pops().size());
        assertTrue(c.anycast() != null && !c.anycast().links().isEmpty(), "the shipped file documents anycast too");
    }

    @Test
    void badSettingsExitTwoNamingTheKey(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("dns.yaml");
        Files.writeString(bad, """
                zone: cdn.example.
                pops:
                  - {name: lon, location: {lat: 151.5, lon: -0.13}, addresses: [192.0.2.1]}
                """);
        CliRun run = CliRun.of("dns", "-c", bad.toString(), "--port", "0", "--stats-port", "0");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("lat") && run.err().contains("151.5") && run.err().contains("dns.yaml"), run.err());
    }
}
