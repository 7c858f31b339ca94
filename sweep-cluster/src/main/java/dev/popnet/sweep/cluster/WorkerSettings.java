package dev.popnet.sweep.cluster;

import dev.popnet.core.config.Check;
import java.util.List;

/**
 * How a sweep worker joins the others: a Hazelcast member on {@code bindHost:port} that finds the
 * others through {@code members} (TCP/IP) or by multicast, running up to {@code threads} cells at once.
 *
 * @param version what this build of popnet is; a coordinator of another version is refused
 */
public record WorkerSettings(String bindHost, int port, List<String> members, boolean multicast, int threads, String version) {
    public WorkerSettings {
        Check.present("bind-host", bindHost);
        Check.port("port", port);
        members = List.copyOf(Check.present("members", members));
        for (String m : members) {
            Check.that(m.matches("[^:\\s]+:\\d{1,5}"), "members", m, "each member must be host:port");
        }
        Check.that(threads >= 1, "threads", threads, "must be at least 1");
        Check.present("version", version);
    }
}
