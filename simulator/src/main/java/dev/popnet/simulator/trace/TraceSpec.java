package dev.popnet.simulator.trace;

import dev.popnet.core.config.Check;

/**
 * A trace to replay: its format, its path (relative paths are resolved against the scenario file's
 * folder; {@code ${POPNET_SHARED}} stands for the shared data folder), and the unit of its time column.
 */
public record TraceSpec(TraceFormat format, String path, TimeUnitName timeUnit) {
    public TraceSpec {
        Check.present("format", format);
        Check.present("path", path);
        timeUnit = timeUnit == null ? TimeUnitName.S : timeUnit;
    }

    /** Units a trace's time column may be in. */
    public enum TimeUnitName {
        S(1_000_000_000L), MS(1_000_000L), US(1_000L), NS(1L);

        private final long nanos;

        TimeUnitName(long nanos) {
            this.nanos = nanos;
        }

        public long toNanos(long value) {
            return value * nanos;
        }
    }
}
