package dev.popnet.cli;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.lang.management.ManagementFactory;

/** What every server's /metrics carries besides its own meters: JVM, process and build metrics. */
final class ServerMetrics {
    private ServerMetrics() {
    }

    /** @return the GC meters' listener, to close with the server */
    static AutoCloseable bind(MeterRegistry registry, String server) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        // Micrometer's ProcessorMetrics names break Prometheus conventions (system_cpu_count, ..._ns_total): the standard one instead.
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time this process used, user and system").register(registry);
        }
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        Version.Build build = Version.current();
        Gauge.builder("popnet.build.info", () -> 1).description("The running build: version and git commit (always 1)")
                .tag("version", build.version()).tag("commit", build.commit()).tag("server", server).register(registry);
        return gc;
    }

    /** What {@link #bind} adds, bound on the first {@link #run} (a server's first scrape); closing unbinds what was bound. */
    static final class OnFirstScrape implements Runnable, AutoCloseable {
        private final MeterRegistry registry;
        private final String server;
        private AutoCloseable bound;

        OnFirstScrape(MeterRegistry registry, String server) {
            this.registry = registry;
            this.server = server;
        }

        @Override
        public synchronized void run() {
            if (bound == null) {
                bound = bind(registry, server);
            }
        }

        @Override
        public synchronized void close() throws Exception {
            if (bound != null) {
                bound.close();
            }
        }
    }
}
