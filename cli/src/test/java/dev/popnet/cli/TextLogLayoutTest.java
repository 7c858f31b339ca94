package dev.popnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** The text log line is the one logback's pattern made, for every level, long logger names and errors with causes. */
class TextLogLayoutTest {
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24}: %msg%n%ex{short}";

    @Test
    void writesWhatLogbacksPatternWrote() {
        LoggerContext context = new LoggerContext();
        PatternLayout pattern = new PatternLayout();
        pattern.setPattern(PATTERN);
        pattern.setContext(context);
        pattern.start();
        TextLogLayout text = new TextLogLayout();
        text.setContext(context);
        text.start();
        Exception cause = new IOException("disk full");
        Exception error = new UncheckedIOException("cannot write dev/popnet/x", (IOException) cause);
        for (Level level : new Level[] {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR}) {
            for (String logger : new String[] {"x", "dev.popnet.cli.EdgeCommand", "io.netty.channel.epoll.AbstractEpollStreamChannel"}) {
                for (Throwable t : new Throwable[] {null, error}) {
                    LoggingEvent event = new LoggingEvent("fqcn", context.getLogger(logger), level, "served {} of {} bytes", t,
                            new Object[] {3, "1,000"});
                    event.setTimeStamp(1_764_600_000_123L);
                    assertEquals(pattern.doLayout(event), text.doLayout(event));
                }
            }
        }
    }
}
