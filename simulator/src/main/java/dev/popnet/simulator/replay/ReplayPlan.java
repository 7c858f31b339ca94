package dev.popnet.simulator.replay;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.core.cache.PolicyRegistry;
import dev.popnet.core.cache.SizeChange;
import dev.popnet.simulator.trace.ColumnSpec;
import dev.popnet.simulator.trace.TraceFormat;
import java.nio.file.Path;
import java.util.List;

/**
 * What to replay: one trace, every policy at every capacity (a grid of independent runs), in object or
 * byte mode, with a size-change rule and an optional admission filter in front of every policy.
 *
 * @param admission    null, or an admission filter spec applied to every policy (see {@code AdmissionFilters})
 * @param threads      runs in parallel at most (bounded pool)
 * @param memoryLimit  requests whose next-access positions an offline policy keeps in memory before spilling to disk
 */
public record ReplayPlan(Path trace, TraceFormat format, ColumnSpec columns, List<String> policies, List<CapacitySpec> capacities,
        CapacityMode mode, SizeChange sizeChange, String admission, int threads, long memoryLimit) {
    public ReplayPlan {
        if (policies.isEmpty() || capacities.isEmpty()) {
            throw new IllegalArgumentException("replay needs at least one policy and one capacity");
        }
        policies = policies.stream().map(PolicyRegistry::canonical).toList();
        capacities = List.copyOf(capacities);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    public static final long DEFAULT_MEMORY_LIMIT = 64L << 20;
}
