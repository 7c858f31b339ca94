package dev.popnet.core.routing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Load-aware availability with hysteresis, after Traffic Monitor's thresholds: a target whose load goes
 * over one of its marks is shed (ranked after every target that is not) until its load is back under
 * {@code resumeBelow} times every mark, so a PoP hovering at its mark does not flap in and out.
 * Pure state: the caller measures and feeds {@link #record} with the time of each reading; the DNS router
 * feeds it from the edges' /stats, the simulator from its own per-PoP load in virtual time:
 *
 * <pre>{@code
 * LoadMonitor load = new LoadMonitor(Map.of("lon", new LoadMarks(5000, 0), "nyc", new LoadMarks(8000, 0)), 0.8);
 * // at each measurement, for each PoP (rates over the last interval; Load.between turns counters into rates)
 * load.record("lon", nowNanos, new Load(lonRequestsPerSecond, lonBitsPerSecond));
 * List<Candidate> ranked = router.rank(region, where, health, load, tieKey); // shed PoPs after the rest
 * }</pre>
 *
 * Records come from one thread at a time (the caller's measuring loop); reads may come from any.
 */
public final class LoadMonitor implements HealthView {
    /** One target's state: whether it is shed, its last load, and when the state last changed (-1: never). */
    public record State(boolean shed, Load load, long changedAtNanos) {
        public static final State INITIAL = new State(false, Load.IDLE, -1);

        /** The transition for one reading: shed above a mark, taken back only under resumeBelow of every mark. */
        public State next(Load reading, LoadMarks marks, double resumeBelow, long nowNanos) {
            boolean nowShed = shed ? marks.exceeded(reading, resumeBelow) : marks.exceeded(reading, 1);
            return new State(nowShed, reading, nowShed == shed ? changedAtNanos : nowNanos);
        }
    }

    private final Map<String, LoadMarks> marks;
    private final double resumeBelow;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** @param marks per target; targets without marks are never shed */
    public LoadMonitor(Map<String, LoadMarks> marks, double resumeBelow) {
        if (!(resumeBelow > 0 && resumeBelow <= 1)) {
            throw new IllegalArgumentException("resumeBelow must be in (0, 1]: " + resumeBelow);
        }
        this.marks = Map.copyOf(marks);
        this.resumeBelow = resumeBelow;
    }

    /** Records a target's load measured at {@code nowNanos}; returns true when it was shed or taken back. */
    public boolean record(String target, long nowNanos, Load load) {
        State before = state(target);
        State after = before.next(load, marks.getOrDefault(target, LoadMarks.NONE), resumeBelow, nowNanos);
        states.put(target, after);
        return after.shed() != before.shed();
    }

    public State state(String target) {
        return states.getOrDefault(target, State.INITIAL);
    }

    /** True while the target takes new clients. */
    @Override
    public boolean healthy(String target) {
        return !state(target).shed();
    }

    public Map<String, State> snapshot() {
        return new TreeMap<>(states);
    }
}
