package dev.popnet.cli;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A text log line, as logback's pattern {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread]
 * %logger{24}: %msg%n%ex{short}} writes it, without logback's pattern machinery: its table of some
 * fifty converters, each a method reference linked at start, was about half of logback's start-up.
 */
final class TextLogLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());

    private final TargetLengthBasedClassNameAbbreviator logger = new TargetLengthBasedClassNameAbbreviator(24);
    private final ThrowableProxyConverter throwable = new ThrowableProxyConverter();

    @Override
    public void start() {
        throwable.setOptionList(List.of("short"));
        throwable.setContext(getContext());
        throwable.start();
        super.start();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), line);
        String level = event.getLevel().levelStr;
        line.append(' ').append(level).append(" ".repeat(Math.max(0, 5 - level.length())));
        line.append(" [").append(event.getThreadName()).append("] ").append(logger.abbreviate(event.getLoggerName())).append(": ")
                .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        if (event.getThrowableProxy() != null) {
            line.append(throwable.convert(event));
        }
        return line.toString();
    }
}
