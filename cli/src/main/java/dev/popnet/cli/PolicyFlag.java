package dev.popnet.cli;

import dev.popnet.core.cache.PolicyRegistry;
import picocli.CommandLine;

/** Reads an eviction policy flag as its registered name, so {@code --policy lruu} is a usage error naming the known ones. */
final class PolicyFlag implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
        try {
            return PolicyRegistry.canonical(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
