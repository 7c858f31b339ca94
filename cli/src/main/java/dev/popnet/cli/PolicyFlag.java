package dev.popnet.cli;

import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.cache.PolicySpec;
import picocli.CommandLine;

/**
 * Checks an eviction policy flag (one spec, or a comma-separated list of them for a replay grid) while
 * the command line is read, so {@code --policy lruu} is a usage error naming the known ones.
 */
final class PolicyFlag implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
        try {
            PolicySpec.splitList(value).forEach(PolicyRegistry::canonical);
            return value;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
