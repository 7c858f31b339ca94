package dev.popnet.simulator.engine;

import dev.popnet.simulator.report.TimelineEvent;
import java.util.ArrayList;
import java.util.List;

/** The run's notable moments, for the report. */
final class Timeline {
    private final List<TimelineEvent> events = new ArrayList<>();

    void add(long nanos, String kind, String what) {
        events.add(new TimelineEvent(nanos / 1e9, kind, what));
    }

    List<TimelineEvent> events() {
        return List.copyOf(events);
    }
}
