package dev.popnet.cli;

import dev.popnet.core.log.AccessLogFormat;
import dev.popnet.core.log.AccessLogWriter;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The access log flags of the HTTP servers (origin, edge). */
public final class AccessLogOptions {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AccessLogOptions.class);

    @Option(names = "--access-log", paramLabel = "FILE", defaultValue = "${env:POPNET_ACCESS_LOG}",
            description = "Append a line per request to FILE, or - for standard output; reopened on SIGUSR1 for logrotate "
                    + "(env POPNET_ACCESS_LOG; default: none).")
    String target;

    @Option(names = "--access-log-format", paramLabel = "FORMAT", defaultValue = "${env:POPNET_ACCESS_LOG_FORMAT:-combined}",
            description = "combined (nginx's, then cache status, upstream and request seconds) or json (an object per line) "
                    + "(env POPNET_ACCESS_LOG_FORMAT; default combined).")
    AccessLogFormat format;

    /**
     * The writer asked for, or null when no access log was asked for. SIGUSR1 reopens its file, and so
     * does SIGHUP (systemctl reload), which also says that settings are read only at start.
     */
    AccessLogWriter open(String server) throws IOException {
        AccessLogWriter writer = target == null || target.isBlank() ? null
                : new AccessLogWriter("-".equals(target) ? null : Path.of(target), format);
        if (writer != null) {
            Signals.onUsr1(writer::reopen);
        }
        Signals.onHup(() -> {
            if (writer != null) {
                writer.reopen();
            }
            LOG.info("{}: SIGHUP: {}settings are read at start; restart to apply changes", server,
                    writer == null ? "" : "access log reopened; ");
        });
        return writer;
    }
}
