package dev.popnet.simulator.engine;

import dev.popnet.simulator.scenario.AutoscaleSpec;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Every interval, reads each PoP's edge utilisation over that interval (busy core time over available
 * core time across its edges: the load a load-aware DNS ranking would see, kept in {@link PopNode#load})
 * and, when autoscaling is on, scales: up by a share of the edges when every sample of the up-window is
 * above the high mark, down when every sample of the (longer) down-window is below the low mark; after
 * any change it waits out the cooldown and a full window of new samples.
 */
final class Autoscaler {
    private final Simulation sim;
    private final EventQueue events;
    private final AutoscaleSpec spec;
    private final Utilisation[] meters;
    private final Deque<Double>[] history;
    private final long[] lastChange;

    @SuppressWarnings("unchecked")
    Autoscaler(Simulation sim, EventQueue events) {
        this.sim = sim;
        this.events = events;
        this.spec = sim.scenario().autoscale();
        int n = sim.pops().size();
        meters = new Utilisation[n];
        history = new Deque[n];
        lastChange = new long[n];
        for (int i = 0; i < n; i++) {
            meters[i] = new Utilisation();
            history[i] = new ArrayDeque<>();
            lastChange[i] = Long.MIN_VALUE / 2;
        }
    }

    void start() {
        events.schedule(spec.interval().toNanos(), this::sample);
    }

    private void sample() {
        long now = sim.now();
        for (PopNode pop : sim.pops()) {
            double u = meters[pop.index].sample(pop.workedBy(now), pop.capacityNanos(now));
            pop.load = u;
            Deque<Double> h = history[pop.index];
            if (!pop.up) {
                h.clear(); // a window must be of a serving PoP: an outage's idle edges say nothing of its load
                continue;
            }
            h.addFirst(u);
            while (h.size() > Math.max(spec.upSamples(), spec.downSamples())) {
                h.removeLast();
            }
            if (spec.enabled() && now - lastChange[pop.index] >= spec.cooldown().toNanos()) {
                scale(pop, h, now);
            }
        }
        events.schedule(now + spec.interval().toNanos(), this::sample);
    }

    private void scale(PopNode pop, Deque<Double> h, long now) {
        int edges = pop.edgeCount();
        double up = lowest(h, spec.upSamples());
        double down = highest(h, spec.downSamples());
        int change = 0;
        if (up > spec.highMark() && edges < spec.maxEdges()) {
            change = Math.min(spec.maxEdges() - edges, Math.max(1, (int) Math.ceil(edges * spec.upShare())));
            for (int i = 0; i < change; i++) {
                pop.addEdge(now);
            }
        } else if (down < spec.lowMark() && edges > spec.minEdges()) {
            change = -Math.min(edges - spec.minEdges(), Math.max(1, (int) Math.floor(edges * spec.downShare())));
            for (int i = 0; i < -change; i++) {
                pop.removeEdge(now);
            }
        }
        if (change != 0) {
            lastChange[pop.index] = now;
            h.clear();
            sim.scaled(new ScaleStep(now, pop.spec.name(), pop.edgeCount(), String.format(java.util.Locale.ROOT, "autoscale: %s utilisation %s %.0f%% %s %.0f%% for %s, %d -> %d edges",
                    pop.spec.name(), change > 0 ? "at least" : "at most", (change > 0 ? up : down) * 100, change > 0 ? ">" : "<", (change > 0 ? spec.highMark() : spec.lowMark()) * 100,
                    dev.popnet.core.config.Durations.format(change > 0 ? spec.upWindow() : spec.downWindow()), edges, pop.edgeCount())));
        }
    }

    /** Lowest of the newest {@code n} samples, or NaN while fewer have been taken (a window must be full). */
    private static double lowest(Deque<Double> h, int n) {
        return h.size() < n || n == 0 ? Double.NaN : h.stream().limit(n).mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double highest(Deque<Double> h, int n) {
        return h.size() < n || n == 0 ? Double.NaN : h.stream().limit(n).mapToDouble(Double::doubleValue).max().orElseThrow();
    }
}
