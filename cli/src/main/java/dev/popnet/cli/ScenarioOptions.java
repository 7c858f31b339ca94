package dev.popnet.cli;

import dev.popnet.simulator.scenario.Scenario;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The scenario a command runs, and the overrides every scenario command accepts. */
public final class ScenarioOptions {
    @Parameters(arity = "0..1", paramLabel = "SCENARIO", description = "Scenario YAML (default configs/scenarios/quickstart.yaml).")
    Path file;

    @Option(names = "--seed", description = "Override the scenario's seed.")
    Long seed;

    @Option(names = "--requests", description = "Override the number of requests.")
    Long requests;

    Path file() {
        return orDefault(file);
    }

    /** The file given, else the quickstart next to the popnet checkout (./popnet sets popnet.home) or in the working folder. */
    static Path orDefault(Path given) {
        if (given != null) {
            return given;
        }
        Path relative = Path.of("configs", "scenarios", "quickstart.yaml");
        String home = System.getProperty("popnet.home");
        return home != null ? Path.of(home).resolve(relative) : relative;
    }

    /** Folder that relative paths in the scenario (traces) are resolved against. */
    Path baseDir() {
        return file().toAbsolutePath().getParent();
    }

    Scenario load() {
        Scenario scenario = Scenario.load(file());
        if (seed != null) {
            scenario = scenario.withSeed(seed);
        }
        if (requests != null) {
            scenario = scenario.withRequests(requests);
        }
        return capped(scenario);
    }

    /**
     * With the system property {@code popnet.max-requests} (smoke runs, such as the test that runs every
     * README command), no scenario runs more requests than that.
     */
    static Scenario capped(Scenario scenario) {
        long cap = Long.getLong("popnet.max-requests", 0);
        return cap > 0 && (scenario.requests() == 0 || scenario.requests() > cap) ? scenario.withRequests(cap) : scenario;
    }
}
