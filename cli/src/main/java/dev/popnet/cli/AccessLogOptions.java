package dev.popnet.cli;

import dev.popnet.core.log.AccessLogFormat;
import dev.popnet.core.log.AccessLogWriter;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The access log flags of the HTTP servers (origin, edge). */
public final class AccessLogOptions {
    @Option(names = "--access-log", paramLabel = "FILE", defaultValue = "${env:POPNET_ACCESS_LOG}",
            description = "Append a line per request to FILE, or - for standard output; reopened on SIGUSR1 for logrotate "
                    + "(env POPNET_ACCESS_LOG; default: none).")
    String target;

    @Option(names = "--access-log-format", paramLabel = "FORMAT", defaultValue = "${env:POPNET_ACCESS_LOG_FORMAT:-combined}",
            description = "combined (nginx's, then cache status, upstream and request seconds) or json (an object per line) "
                    + "(env POPNET_ACCESS_LOG_FORMAT; default combined).")
    AccessLogFormat format;

    /** The writer asked for, reopening its file on SIGUSR1, or null when no access log was asked for. */
    AccessLogWriter open() throws IOException {
        if (target == null || target.isBlank()) {
            return null;
        }
        AccessLogWriter writer = new AccessLogWriter("-".equals(target) ? null : Path.of(target), format);
        Signals.onUsr1(writer::reopen);
        return writer;
    }
}
