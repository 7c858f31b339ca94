package dev.popnet.cli;

import dev.popnet.core.config.ConfigLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options every server command shares: a YAML file and {@code --set key=value} for any key.
 * Named flags of a command (say {@code --port}) go through {@link #flag} so they rank like {@code --set}.
 */
public final class ConfigOptions {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfigOptions.class);

    /** Variables the command line itself reads, or other commands and the launchers do: not settings, not typos. */
    private static final Set<String> NOT_SETTINGS = Set.of("POPNET_LOG_LEVEL", "POPNET_LOG_FORMAT", "POPNET_ACCESS_LOG",
            "POPNET_ACCESS_LOG_FORMAT", "POPNET_DRAIN_TIME", "POPNET_CDS_DIR", "POPNET_NO_CDS", "POPNET_SHARED", "POPNET_PURGE_TOKEN",
            "POPNET_JAVA_OPTS");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML config file.")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set any config key, e.g. --set port=9090 or --set cluster.pop=fra.")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--check", description = "Check the configuration (file, environment, flags) and exit: 0 good, 2 bad; starts nothing.")
    boolean check;

    private final Map<String, String> named = new LinkedHashMap<>();

    /** Records a named flag's value when the user gave one. */
    public ConfigOptions flag(String key, Object value) {
        if (value != null) {
            named.put(key, String.valueOf(value));
        }
        return this;
    }

    /** With --check: says the configuration is good (a bad one has already thrown) and where it came from. */
    boolean checked(String command, java.io.PrintWriter out) {
        if (check) {
            out.println("popnet " + command + ": configuration ok (" + (file == null ? "built-in defaults" : file)
                    + (sets.isEmpty() && named.isEmpty() ? "" : ", flags") + ", POPNET_* environment)");
            out.flush();
        }
        return check;
    }

    public <T> T load(Class<T> type) {
        Map<String, String> flags = new LinkedHashMap<>(sets);
        flags.putAll(named);
        T config = ConfigLoader.load(type, file, System.getenv(), flags);
        warnUnknownEnvironment(type, System.getenv());
        return config;
    }

    /** A POPNET_* variable that names no setting is most likely a typo or an old name: say so rather than ignore it. */
    static List<String> unknownEnvironment(Class<?> type, Map<String, String> env) {
        if (env.keySet().stream().noneMatch(k -> k.startsWith(ConfigLoader.ENV_PREFIX))) {
            return List.of(); // the common case, without building the type's defaults a second time
        }
        Set<String> known = new java.util.HashSet<>(NOT_SETTINGS);
        ConfigLoader.describe(type).keySet().forEach(k -> known.add(ConfigLoader.envName(k)));
        return env.keySet().stream().filter(k -> k.startsWith(ConfigLoader.ENV_PREFIX) && !known.contains(k)).sorted().toList();
    }

    private static void warnUnknownEnvironment(Class<?> type, Map<String, String> env) {
        for (String var : unknownEnvironment(type, env)) {
            LOG.warn("{} names no setting here and is ignored (every setting: configs/*.yaml)", var);
        }
    }
}
