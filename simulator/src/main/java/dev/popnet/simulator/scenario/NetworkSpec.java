package dev.popnet.simulator.scenario;

import dev.popnet.core.config.Check;
import dev.popnet.core.routing.LatencyModel;
import java.time.Duration;

/**
 * Link latency and bandwidth: RTT = base-rtt + km / km-per-ms; transfer time = size / bandwidth.
 *
 * @param clientMbps   last-mile bandwidth to clients
 * @param backboneMbps bandwidth between PoPs and to the origin
 */
public record NetworkSpec(Duration baseRtt, double kmPerMs, double clientMbps, double backboneMbps) {
    public NetworkSpec {
        baseRtt = baseRtt == null ? Duration.ofMillis(2) : Check.nonNegative("base-rtt", baseRtt);
        kmPerMs = kmPerMs == 0 ? 100 : kmPerMs;
        Check.that(kmPerMs > 0, "km-per-ms", kmPerMs, "must be positive");
        clientMbps = clientMbps == 0 ? 100 : clientMbps;
        backboneMbps = backboneMbps == 0 ? 1000 : backboneMbps;
        Check.that(clientMbps > 0 && backboneMbps > 0, "client-mbps", clientMbps, "bandwidths must be positive");
    }

    public static NetworkSpec defaults() {
        return new NetworkSpec(Duration.ofMillis(2), 100, 100, 1000);
    }

    public LatencyModel latencyModel() {
        return new LatencyModel(baseRtt, kmPerMs);
    }
}
