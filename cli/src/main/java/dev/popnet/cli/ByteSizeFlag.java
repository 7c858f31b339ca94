package dev.popnet.cli;

import dev.popnet.core.config.ByteSizes;
import picocli.CommandLine;

/** Checks a size flag ({@code 512MiB}, {@code 1000}) while the command line is read, so a bad one is a usage error. */
final class ByteSizeFlag implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
        long bytes;
        try {
            bytes = ByteSizes.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
        if (bytes <= 0) {
            throw new CommandLine.TypeConversionException("must be positive (got '" + value + "')");
        }
        return value;
    }
}
