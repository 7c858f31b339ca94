package dev.popnet.core.routing;

import dev.popnet.core.time.Ticker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rise/fall health of check targets (like HAProxy): a target turns unhealthy after {@code fall}
 * failed checks in a row and healthy again after {@code rise} passed ones. Targets start healthy.
 * Pure state: the caller runs the checks and feeds the results; the injected ticker only stamps when
 * a target last changed state (so the simulator can replay flaps in virtual time).
 */
public final class HealthTracker {
    private final int rise;
    private final int fall;
    private final Ticker ticker;
    private final Map<String, State> state = new ConcurrentHashMap<>();

    private static final class State {
        boolean healthy = true;
        int streak; // consecutive results that disagree with the current state
        long changedAtNanos = -1;
    }

    public HealthTracker(int rise, int fall, Ticker ticker) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1");
        }
        this.rise = rise;
        this.fall = fall;
        this.ticker = ticker;
    }

    /** Records one check; returns true when the target's health changed. */
    public synchronized boolean record(String target, boolean passed) {
        State s = state.computeIfAbsent(target, t -> new State());
        if (passed == s.healthy) {
            s.streak = 0;
            return false;
        }
        s.streak++;
        if (s.streak >= (s.healthy ? fall : rise)) {
            s.healthy = !s.healthy;
            s.streak = 0;
            s.changedAtNanos = ticker.nanos();
            return true;
        }
        return false;
    }

    public boolean healthy(String target) {
        State s = state.get(target);
        return s == null || s.healthy;
    }

    /** Ticker time of the target's last change of state, or -1 if it never changed. */
    public synchronized long changedAtNanos(String target) {
        State s = state.get(target);
        return s == null ? -1 : s.changedAtNanos;
    }
}
