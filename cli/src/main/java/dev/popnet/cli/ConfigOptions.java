package dev.popnet.cli;

import dev.popnet.core.config.ConfigLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every server command shares: a YAML file and {@code --set key=value} for any key.
 * Named flags of a command (say {@code --port}) go through {@link #flag} so they rank like {@code --set}.
 */
public final class ConfigOptions {
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
        return ConfigLoader.load(type, file, System.getenv(), flags);
    }
}
