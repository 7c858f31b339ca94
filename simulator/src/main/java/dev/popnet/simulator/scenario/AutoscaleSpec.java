package dev.popnet.simulator.scenario;

import dev.popnet.core.config.Check;
import java.time.Duration;

/**
 * Scales each PoP on its edges' utilisation (busy core time over available core time), sampled every
 * {@code interval}: when it stays above {@code high-mark} through {@code up-window} (every sample), adds
 * {@code up-share} of the PoP's edges (at least one); when it stays below {@code low-mark} through
 * {@code down-window}, removes {@code down-share} (at least one); never within {@code cooldown} of the
 * last change, never outside {@code min-edges}..{@code max-edges}. A new edge starts cold and takes over
 * the keys it wins (rendezvous hashing); a removed edge's keys move to the others.
 */
public record AutoscaleSpec(boolean enabled, Duration interval, double highMark, double lowMark, Duration upWindow, Duration downWindow,
        Duration cooldown, double upShare, double downShare, int minEdges, int maxEdges) {
    public AutoscaleSpec {
        interval = interval == null ? Duration.ofSeconds(10) : Check.positive("interval", interval);
        highMark = highMark == 0 ? 0.6 : highMark;
        lowMark = lowMark == 0 ? 0.2 : lowMark;
        Check.that(highMark > 0 && highMark <= 1, "high-mark", highMark, "must be in (0, 1]");
        Check.that(lowMark >= 0 && lowMark < highMark, "low-mark", lowMark, "must be at least 0 and below high-mark");
        upWindow = upWindow == null ? Duration.ofSeconds(60) : Check.positive("up-window", upWindow);
        downWindow = downWindow == null ? Duration.ofSeconds(300) : Check.positive("down-window", downWindow);
        Check.that(upWindow.compareTo(interval) >= 0 && downWindow.compareTo(interval) >= 0, "up-window", upWindow,
                "windows must be at least one interval");
        cooldown = cooldown == null ? Duration.ofSeconds(120) : Check.nonNegative("cooldown", cooldown);
        upShare = upShare == 0 ? 0.5 : upShare;
        downShare = downShare == 0 ? 0.25 : downShare;
        Check.that(upShare > 0 && downShare > 0 && downShare < 1, "down-share", downShare, "shares must be positive, down-share below 1");
        minEdges = minEdges == 0 ? 1 : minEdges;
        maxEdges = maxEdges == 0 ? 16 : maxEdges;
        Check.that(minEdges >= 1 && maxEdges >= minEdges, "max-edges", maxEdges, "must be at least min-edges (>= 1)");
    }

    public static AutoscaleSpec off() {
        return new AutoscaleSpec(false, null, 0, 0, null, null, null, 0, 0, 0, 0);
    }

    /** Samples in each window. */
    public int upSamples() {
        return (int) (upWindow.toNanos() / interval.toNanos());
    }

    public int downSamples() {
        return (int) (downWindow.toNanos() / interval.toNanos());
    }
}
