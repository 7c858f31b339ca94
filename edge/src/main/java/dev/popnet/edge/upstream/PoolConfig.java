package dev.popnet.edge.upstream;

import dev.popnet.core.config.Check;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * An origin pool: several servers that serve the same content (see configs/edge.yaml, "pools").
 *
 * @param servers     base URLs, http:// or https:// (certificates verified against the system trust store or {@code ca-file})
 * @param balance     round-robin, least-connections (fewest exchanges in flight) or consistent-hash (by request target)
 * @param hostHeader  the Host the servers are sent; empty: the first server's host[:port]
 * @param serverName  the name sent in SNI and checked against an https server's certificate; empty: each server's host
 * @param caFile      PEM file of the CA certificates https servers are verified against; empty: the system trust store
 * @param health      active health checks
 * @param maxFails    failed exchanges in a row (connect error, reset, timeout) after which a server is left out for {@code failTimeout}; 0: never (default 3)
 * @param failTimeout how long a server that failed {@code maxFails} times is left out
 * @param retries     other servers an idempotent request without a body is sent to when one fails before answering (default 2)
 */
public record PoolConfig(List<String> servers, String balance, String hostHeader, String serverName, String caFile, HealthCheck health,
        Integer maxFails, Duration failTimeout, Integer retries) {
    public static final List<String> BALANCES = List.of("round-robin", "least-connections", "consistent-hash");

    /**
     * @param path     GET this on every server each interval; a 2xx or 3xx within the timeout passes; empty: no active checks
     * @param interval time between two checks of a server
     * @param timeout  longest a check may take
     * @param rise     passed checks in a row that bring a failed server back
     * @param fall     failed checks in a row that take a server out
     */
    public record HealthCheck(String path, Duration interval, Duration timeout, int rise, int fall) {
        public HealthCheck {
            path = path == null ? "" : path;
            Check.that(path.isEmpty() || path.startsWith("/"), "path", path, "must be empty (no checks) or a path starting with /");
            interval = interval == null ? Duration.ofSeconds(2) : Check.positive("interval", interval);
            timeout = timeout == null ? Duration.ofSeconds(1) : Check.positive("timeout", timeout);
            rise = rise == 0 ? 2 : rise;
            fall = fall == 0 ? 3 : fall;
            Check.positive("rise", rise);
            Check.positive("fall", fall);
        }

        public static HealthCheck off() {
            return new HealthCheck("", null, null, 0, 0);
        }

        public boolean enabled() {
            return !path.isEmpty();
        }
    }

    public PoolConfig {
        servers = List.copyOf(Check.present("servers", servers));
        Check.that(!servers.isEmpty(), "servers", servers, "a pool needs at least one server");
        for (String s : servers) {
            checkServer("servers", s);
        }
        balance = balance == null ? "round-robin" : balance;
        Check.that(BALANCES.contains(balance), "balance", balance, "must be one of " + String.join(", ", BALANCES));
        hostHeader = hostHeader == null ? "" : hostHeader;
        serverName = serverName == null ? "" : serverName;
        caFile = caFile == null ? "" : caFile;
        health = health == null ? HealthCheck.off() : health;
        maxFails = maxFails == null ? 3 : maxFails;
        Check.nonNegative("max-fails", maxFails);
        failTimeout = failTimeout == null ? Duration.ofSeconds(10) : Check.positive("fail-timeout", failTimeout);
        retries = retries == null ? 2 : retries;
        Check.nonNegative("retries", retries);
    }

    /** A pool of one server, as the top-level {@code origin} is. */
    public static PoolConfig single(String server) {
        return new PoolConfig(List.of(server), "round-robin", "", "", "", HealthCheck.off(), 0, null, 0);
    }

    /** Throws unless {@code url} is an http:// or https:// base URL with a host and nothing after the authority. */
    public static void checkServer(String key, String url) {
        try {
            URI u = URI.create(url);
            Check.that(("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                    && (u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/")) && u.getRawQuery() == null,
                    key, url, "must be an http:// or https:// URL with a host and no path");
        } catch (IllegalArgumentException e) {
            if (e instanceof dev.popnet.core.config.InvalidValue iv) {
                throw iv;
            }
            throw new dev.popnet.core.config.InvalidValue(key, url, "is not a URL");
        }
    }
}
