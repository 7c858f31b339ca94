package dev.popnet.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    record Cache(long capacityBytes, String policy) {
        Cache {
            Check.positive("capacity-bytes", capacityBytes);
        }
    }

    record Server(int port, Duration timeout, Cache cache) {
        Server {
            Check.port("port", port);
            Check.positive("timeout", timeout);
        }

        public static Server defaults() {
            return new Server(8080, Duration.ofSeconds(5), new Cache(1024, "lru"));
        }
    }

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("server.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void defaultsApplyWithoutAnyLayer() {
        assertEquals(Server.defaults(), ConfigLoader.load(Server.class, null, Map.of(), Map.of()));
    }

    @Test
    void flagBeatsEnvBeatsFileBeatsDefault() throws Exception {
        Path f = write("port: 9000\ntimeout: 250ms\ncache:\n  capacity-bytes: 64KiB\n");
        Server fileOnly = ConfigLoader.load(Server.class, f, Map.of(), Map.of());
        assertEquals(9000, fileOnly.port());
        assertEquals(Duration.ofMillis(250), fileOnly.timeout());
        assertEquals(65536, fileOnly.cache().capacityBytes());
        assertEquals("lru", fileOnly.cache().policy(), "keys the file leaves out keep their defaults");

        Map<String, String> env = Map.of("POPNET_PORT", "9100", "POPNET_CACHE_POLICY", "sieve");
        Server withEnv = ConfigLoader.load(Server.class, f, env, Map.of());
        assertEquals(9100, withEnv.port());
        assertEquals("sieve", withEnv.cache().policy());

        Server withFlag = ConfigLoader.load(Server.class, f, env, Map.of("port", "9200"));
        assertEquals(9200, withFlag.port());
        assertEquals("sieve", withFlag.cache().policy());
    }

    @Test
    void badValueNamesFileKeyAndReason() throws Exception {
        Path f = write("cache:\n  capacity-bytes: -5\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Server.class, f, Map.of(), Map.of()));
        assertEquals(f.toString(), e.source());
        assertEquals("cache.capacity-bytes", e.key());
        assertTrue(e.reason().contains("must be positive"), e.getMessage());
    }

    @Test
    void unknownKeyIsRejected() throws Exception {
        Path f = write("prot: 80\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Server.class, f, Map.of(), Map.of()));
        assertEquals("prot", e.key());
        assertTrue(e.reason().startsWith("unknown key"), e.getMessage());
    }

    @Test
    void wrongTypeAndBrokenYamlAndMissingFile() throws Exception {
        ConfigException type = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Server.class, write("port: eighty\n"), Map.of(), Map.of()));
        assertEquals("port", type.key());

        ConfigException yaml = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Server.class, write("port: [1,\n"), Map.of(), Map.of()));
        assertTrue(yaml.reason().startsWith("not valid YAML"), yaml.getMessage());

        ConfigException missing = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Server.class, dir.resolve("nope.yaml"), Map.of(), Map.of()));
        assertEquals("file not found", missing.reason());
    }

    @Test
    void badEnvValueNamesTheVariable() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Server.class, null, Map.of("POPNET_TIMEOUT", "5"), Map.of()));
        assertEquals("environment variable POPNET_TIMEOUT", e.source());
        assertEquals("timeout", e.key());
    }

    @Test
    void envNamesFollowKeys() {
        assertEquals("POPNET_CACHE_CAPACITY_BYTES", ConfigLoader.envName("cache.capacity-bytes"));
        assertEquals(Map.of("port", "8080", "timeout", "5s", "cache.capacity-bytes", "1024", "cache.policy", "lru"),
                ConfigLoader.describe(Server.class));
    }
}
