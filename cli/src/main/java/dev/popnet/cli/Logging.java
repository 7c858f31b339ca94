package dev.popnet.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The one logging backend of popnet.jar: popnet, Vert.x, Netty and dnsjava log through SLF4J, and
 * java.util.logging (Hazelcast's default, the JDK) is bridged into it; everything goes to stderr as
 * text or JSON lines. Logback finds this class as its configurator (META-INF/services), so even
 * what logs before the flags are read is formatted alike.
 */
public final class Logging extends ContextAwareBase implements Configurator {
    /** How log lines look on stderr. */
    public enum Format { TEXT, JSON }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        install(context, Format.TEXT);
        defaults(context);
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        propagator.start();
        context.addListener(propagator);
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Noisy libraries stay at warnings unless a level is asked for them by name. */
    private static void defaults(LoggerContext context) {
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        context.getLogger("com.hazelcast").setLevel(Level.WARN);
        context.getLogger("io.netty").setLevel(Level.WARN);
    }

    /**
     * Settings equal to what {@link #configure} does anyway are not applied: applying them would start
     * logback (some 230 classes) before anything logs, and a command such as a trace replay never does.
     */
    static synchronized void format(Format format) {
        if (format != Format.TEXT) {
            install(context(), format);
        }
    }

    /**
     * Applies {@code info} or {@code debug,com.hazelcast=info,io.vertx=warn}: a root level and levels per
     * logger; throws IllegalArgumentException naming a level that does not exist.
     */
    static synchronized void levels(String spec) {
        Map<String, Level> levels = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            levels.put(eq < 0 ? Logger.ROOT_LOGGER_NAME : p.substring(0, eq).trim(), level(eq < 0 ? p : p.substring(eq + 1).trim()));
        }
        if (levels.equals(Map.of(Logger.ROOT_LOGGER_NAME, Level.INFO))) {
            return;
        }
        LoggerContext context = context();
        levels.forEach((logger, level) -> context.getLogger(logger).setLevel(level));
    }

    private static Level level(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        Level level = Level.toLevel(n, null);
        if (level == null || !n.equals(level.levelStr)) {
            throw new IllegalArgumentException("'" + name + "' is not a log level (use off, error, warn, info, debug, trace)");
        }
        return level;
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    private static void install(LoggerContext context, Format format) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        Encoder<ILoggingEvent> encoder;
        if (format == Format.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            encoder = json;
        } else {
            TextLogLayout layout = new TextLogLayout();
            layout.setContext(context);
            layout.start();
            LayoutWrappingEncoder<ILoggingEvent> text = new LayoutWrappingEncoder<>();
            text.setLayout(layout);
            encoder = text;
        }
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        root.addAppender(stderr);
    }
}
