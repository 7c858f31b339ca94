package dev.popnet.core.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rise/fall health of check targets (like HAProxy): a target turns unhealthy after {@code fall}
 * failed checks in a row and healthy again after {@code rise} passed ones. Targets start healthy.
 * Pure state: the caller runs the checks and feeds the results.
 */
public final class HealthTracker {
    private final int rise;
    private final int fall;
    private final Map<String, int[]> state = new ConcurrentHashMap<>(); // {healthy 0/1, consecutive count}

    public HealthTracker(int rise, int fall) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1");
        }
        this.rise = rise;
        this.fall = fall;
    }

    /** Records one check; returns true when the target's health changed. */
    public synchronized boolean record(String target, boolean passed) {
        int[] s = state.computeIfAbsent(target, t -> new int[] {1, 0});
        boolean healthy = s[0] == 1;
        if (passed == healthy) {
            s[1] = 0;
            return false;
        }
        s[1]++;
        if (s[1] >= (healthy ? fall : rise)) {
            s[0] = healthy ? 0 : 1;
            s[1] = 0;
            return true;
        }
        return false;
    }

    public boolean healthy(String target) {
        int[] s = state.get(target);
        return s == null || s[0] == 1;
    }
}
