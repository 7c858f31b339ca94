package dev.popnet.dns;

import dev.popnet.core.routing.HealthView;

/** What the checks know right now: PoP and edge health, PoP load, and an epoch that moves whenever any of it changes. */
interface RoutingView {
    RoutingView ALL_UP = new RoutingView() {
        @Override
        public HealthView pops() {
            return HealthView.ALL_HEALTHY;
        }

        @Override
        public boolean edgeHealthy(String http) {
            return true;
        }

        @Override
        public HealthView load() {
            return HealthView.ALL_HEALTHY;
        }

        @Override
        public long epoch() {
            return 0;
        }
    };

    HealthView pops();

    boolean edgeHealthy(String http);

    /** PoPs taking new clients (not shed for load). */
    HealthView load();

    /** Cached answers are valid for one epoch. */
    long epoch();
}
