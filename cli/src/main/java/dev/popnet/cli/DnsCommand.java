package dev.popnet.cli;

import dev.popnet.dns.DnsConfig;
import dev.popnet.dns.DnsServer;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code popnet dns}: the authoritative geo-steering DNS router, until stopped. */
@Command(name = "dns", addMethodSubcommands = false, description = "Run the DNS router: answers the CDN hostnames with the nearest healthy PoP.")
public final class DnsCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--host", description = "Address to listen on (default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "UDP and TCP port (default 5353, 0 picks a free one).")
    Integer port;

    @Option(names = "--stats-port", description = "HTTP port for /stats, /metrics, POST /reload (default 8053, 0 picks a free one).")
    Integer statsPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DnsConfig settings = config.flag("host", host).flag("port", port).flag("stats-port", statsPort).load(DnsConfig.class);
        if (config.checked("dns", spec.commandLine().getOut())) {
            return 0;
        }
        Vertx vertx = Vertx.vertx();
        Path file = config.file == null ? null : config.file.toAbsolutePath();
        DnsServer dns = ServerLifetime.start(vertx, () -> DnsServer.start(vertx, settings, file));
        AutoCloseable metrics = ServerMetrics.bind(dns.meterRegistry(), "dns");
        if (file != null) {
            Signals.onHup(dns::reload); // systemctl reload: as POST /reload, logged either way
        }
        ServerLifetime.started("popnet dns", settings.host() + ":" + dns.port());
        System.out.printf("popnet dns serving %s on %s:%d (udp, tcp), %s steering over %d PoPs; stats on http://%s:%d/stats%n",
                settings.zone(), settings.host(), dns.port(), settings.strategy().name().toLowerCase(Locale.ROOT),
                settings.pops().size(), settings.host(), dns.statsPort());
        return ServerLifetime.runUntilStopped("popnet dns", vertx, dns::close, metrics);
    }
}
