package dev.popnet.origin;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** The origin's current faults; the admin endpoint and tests change them while it serves. */
public final class FaultSwitch {
    private final AtomicReference<FaultSettings> current;

    FaultSwitch(FaultSettings initial) {
        this.current = new AtomicReference<>(initial);
    }

    public FaultSettings get() {
        return current.get();
    }

    public void set(FaultSettings settings) {
        current.set(settings);
    }

    public FaultSettings update(UnaryOperator<FaultSettings> change) {
        return current.updateAndGet(change);
    }

    public void down() {
        update(f -> new FaultSettings(f.latency(), f.jitter(), f.errorRate(), f.errorStatus(), true, f.concurrency()));
    }

    public void up() {
        update(f -> new FaultSettings(f.latency(), f.jitter(), f.errorRate(), f.errorStatus(), false, f.concurrency()));
    }

    public void reset() {
        set(FaultSettings.none());
    }
}
