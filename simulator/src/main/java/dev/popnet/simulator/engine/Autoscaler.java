package dev.popnet.simulator.engine;

import dev.popnet.simulator.scenario.AutoscaleSpec;

/** Every window, adds an edge to PoPs whose load per edge is above the high mark and removes one below the low mark. */
final class Autoscaler {
    private final Simulation sim;
    private final EventQueue events;
    private final Timeline timeline;
    private final AutoscaleSpec spec;

    Autoscaler(Simulation sim, EventQueue events, Timeline timeline) {
        this.sim = sim;
        this.events = events;
        this.timeline = timeline;
        this.spec = sim.scenario().autoscale();
    }

    void start() {
        events.schedule(spec.window().toNanos(), this::check);
    }

    private void check() {
        double seconds = spec.window().toNanos() / 1e9;
        for (PopNode pop : sim.pops()) {
            double perEdge = pop.windowRequests / seconds / pop.edgeCount();
            pop.windowRequests = 0;
            if (!pop.up) {
                continue;
            }
            if (perEdge > spec.scaleUpRps() && pop.edgeCount() < spec.maxEdges()) {
                pop.addEdge();
                timeline.add(sim.now(), String.format("autoscale: %s %.0f req/s per edge > %.0f, now %d edges",
                        pop.spec.name(), perEdge, spec.scaleUpRps(), pop.edgeCount()));
            } else if (perEdge < spec.scaleDownRps() && pop.edgeCount() > spec.minEdges()) {
                pop.removeEdge();
                timeline.add(sim.now(), String.format("autoscale: %s %.0f req/s per edge < %.0f, now %d edges",
                        pop.spec.name(), perEdge, spec.scaleDownRps(), pop.edgeCount()));
            }
        }
        events.schedule(sim.now() + spec.window().toNanos(), this::check);
    }
}
