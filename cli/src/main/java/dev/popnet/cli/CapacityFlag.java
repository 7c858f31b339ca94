package dev.popnet.cli;

import dev.popnet.simulator.replay.CapacitySpec;
import picocli.CommandLine;

/**
 * Checks a simulate capacity flag while the command line is read: a byte size or object count, or for
 * a replay grid a comma-separated list of them and of fractions of the working set ({@code 0.01}).
 */
final class CapacityFlag implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
        try {
            for (String item : value.split(",")) {
                CapacitySpec.parse(item.trim(), false);
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
