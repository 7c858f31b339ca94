package dev.popnet.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Reads an enum flag as people write it: any case, dashes for underscores ({@code oracle-general}, {@code JSON}). */
final class EnumConverter<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
    private final Class<E> type;

    EnumConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public E convert(String value) {
        String wanted = value.trim().replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(wanted)) {
                return e;
            }
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not one of " + names(type));
    }

    /** The values as a user types them: lower case, dashes. */
    static String names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(EnumConverter::name).collect(Collectors.joining(", "));
    }

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
