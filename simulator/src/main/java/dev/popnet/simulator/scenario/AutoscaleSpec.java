package dev.popnet.simulator.scenario;

import dev.popnet.core.config.Check;
import java.time.Duration;

/**
 * Adds an edge to a PoP when its load per edge over a window passes {@code scale-up-rps}, removes one
 * when it falls under {@code scale-down-rps}; a new edge starts cold and takes over the keys it wins.
 */
public record AutoscaleSpec(boolean enabled, Duration window, double scaleUpRps, double scaleDownRps, int minEdges, int maxEdges) {
    public AutoscaleSpec {
        window = window == null ? Duration.ofSeconds(30) : Check.positive("window", window);
        Check.that(!enabled || scaleUpRps > scaleDownRps, "scale-up-rps", scaleUpRps, "must be above scale-down-rps");
        minEdges = minEdges == 0 ? 1 : minEdges;
        maxEdges = maxEdges == 0 ? 16 : maxEdges;
        Check.that(minEdges >= 1 && maxEdges >= minEdges, "max-edges", maxEdges, "must be at least min-edges (>= 1)");
    }

    public static AutoscaleSpec off() {
        return new AutoscaleSpec(false, Duration.ofSeconds(30), 0, 0, 1, 16);
    }
}
