package dev.popnet.edge;

import dev.popnet.core.config.Check;
import java.time.Duration;

/**
 * What a client connection may hold, so slow or idle clients cannot exhaust the node (see configs/edge.yaml).
 *
 * @param headerTimeout    a new connection must deliver a complete request head within this, or it is closed
 * @param keepAliveTimeout after a response, the next complete request head must arrive within this, or the connection is closed
 * @param idleTimeout      during a request, longest silence in either direction (a stalled body or a client not reading)
 * @param maxConnections   client connections open at once; beyond it new ones are closed at once, with a log line
 */
public record ClientLimits(Duration headerTimeout, Duration keepAliveTimeout, Duration idleTimeout, int maxConnections) {
    public ClientLimits {
        headerTimeout = headerTimeout == null ? Duration.ofSeconds(10) : Check.positive("client.header-timeout", headerTimeout);
        keepAliveTimeout = keepAliveTimeout == null ? Duration.ofSeconds(30) : Check.positive("client.keep-alive-timeout", keepAliveTimeout);
        idleTimeout = idleTimeout == null ? Duration.ofSeconds(60) : Check.positive("client.idle-timeout", idleTimeout);
        Check.positive("client.max-connections", maxConnections);
    }

    public static ClientLimits defaults() {
        return new ClientLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 10_000);
    }
}
