package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.config.ConfigLoader;
import dev.popnet.edge.EdgeConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdgeCommandTest {
    @Test
    void shippedConfigIsValidAndEnvSetsTheToken() {
        Path shipped = Path.of(System.getProperty("popnet.root.dir"), "configs", "edge.yaml");
        EdgeConfig c = ConfigLoader.load(EdgeConfig.class, shipped, Map.of("POPNET_PURGE_TOKEN", "t0k"), Map.of());
        assertEquals(256L << 20, c.capacity());
        assertEquals("caffeine", c.policy());
        assertEquals("t0k", c.purgeToken());
        assertEquals(dev.popnet.edge.cluster.ClusterConfig.defaults(), c.cluster(), "the shipped cluster section matches the defaults");
        EdgeConfig defaults = EdgeConfig.defaults();
        assertEquals(defaults.with(defaults.port(), defaults.origin(), defaults.capacity(), defaults.policy(), "t0k"), c,
                "configs/edge.yaml lists every key with its built-in default");
    }

    @Test
    void badSettingsExitTwo() {
        CliRun run = CliRun.of("edge", "--origin", "ftp://x", "--port", "0");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("origin") && run.err().contains("http://"), run.err());
        CliRun policy = CliRun.of("edge", "--policy", "belady", "--port", "0");
        assertEquals(2, policy.code());
        assertTrue(policy.err().contains("belady needs the future"), policy.err());
    }

    @Test
    void theDiskTierIsOneFlagAway(@org.junit.jupiter.api.io.TempDir Path dir) {
        CliRun ok = CliRun.of("edge", "--origin", "http://127.0.0.1:1", "--disk", dir.toString(), "--disk-capacity", "1MiB", "--check");
        assertEquals(0, ok.code(), ok.err());
        CliRun bad = CliRun.of("edge", "--disk", dir.toString(), "--disk-capacity", "0", "--port", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--disk-capacity"), bad.err());
        CliRun write = CliRun.of("edge", "--disk", dir.toString(), "--set", "disk.write=sometimes", "--port", "0");
        assertEquals(2, write.code());
        assertTrue(write.err().contains("disk.write") && write.err().contains("demote"), write.err());
    }

    @Test
    void aCapacityDirectMemoryCannotHoldIsRefusedAtStart() {
        CliRun run = CliRun.of("edge", "--capacity", "1TiB", "--port", "0");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("capacity") && run.err().contains("direct memory") && run.err().contains("-XX:MaxDirectMemorySize"), run.err());
    }

    @Test
    void anEnvironmentVariableThatNamesNoSettingIsReported() {
        Map<String, String> env = Map.of("POPNET_CACHE_CAPACITY_BYTES", "1GiB", "POPNET_CAPACITY", "1GiB", "POPNET_LOG_LEVEL", "info",
                "POPNET_CLUSTER_MAX_NO_HEARTBEAT", "9s", "HOME", "/root");
        assertEquals(java.util.List.of("POPNET_CACHE_CAPACITY_BYTES"), ConfigOptions.unknownEnvironment(EdgeConfig.class, env));
    }
}
