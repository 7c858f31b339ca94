package dev.popnet.cli;

import dev.popnet.core.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Lets duration flags take the same units as config files (250ms, 5s, 2m). */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value);
    }
}
