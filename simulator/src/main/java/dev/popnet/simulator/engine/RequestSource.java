package dev.popnet.simulator.engine;

import dev.popnet.simulator.trace.TraceException;
import dev.popnet.simulator.trace.TraceSpec;
import dev.popnet.simulator.workload.Request;
import dev.popnet.simulator.workload.SyntheticWorkload;
import dev.popnet.simulator.workload.WorkloadSpec;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.Stream;

/** The requests of a run: a synthetic workload, or a trace file (opened lazily, closed when done). */
public final class RequestSource implements AutoCloseable {
    private final Iterator<Request> iterator;
    private final Stream<Request> stream;
    private final long total;

    private RequestSource(Iterator<Request> iterator, Stream<Request> stream, long total) {
        this.iterator = iterator;
        this.stream = stream;
        this.total = total;
    }

    /** @param limit requests wanted; 0 means the whole trace */
    public static RequestSource open(WorkloadSpec workload, long seed, long limit, Path baseDir) {
        TraceSpec trace = workload.trace();
        if (trace == null) {
            return new RequestSource(new SyntheticWorkload(workload, seed), null, limit);
        }
        Path path = resolve(trace.path(), baseDir);
        long available;
        try (Stream<Request> counting = trace.format().open(path, trace.timeUnit())) {
            available = counting.count();
        }
        if (available == 0) {
            throw new TraceException(path + ": the trace holds no requests");
        }
        Stream<Request> stream = trace.format().open(path, trace.timeUnit());
        return new RequestSource(stream.iterator(), stream, limit == 0 ? available : Math.min(limit, available));
    }

    /** Exactly these requests. */
    public static RequestSource of(java.util.List<Request> requests) {
        return new RequestSource(requests.iterator(), null, requests.size());
    }

    /**
     * Trace paths may start with {@code ${POPNET_SHARED}} (the shared data folder: env POPNET_SHARED, else
     * the folder {@code shared} beside the popnet checkout); relative paths are relative to the scenario file.
     */
    public static Path resolve(String path, Path baseDir) {
        String token = "${POPNET_SHARED}";
        if (path.startsWith(token)) {
            String shared = System.getenv("POPNET_SHARED");
            if (shared == null) {
                shared = System.getProperty("popnet.shared.dir");
            }
            if (shared == null) {
                String home = System.getProperty("popnet.home", ".");
                shared = Path.of(home).toAbsolutePath().getParent().resolve("shared").toString();
            }
            return Path.of(shared + path.substring(token.length()));
        }
        Path p = Path.of(path);
        return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
    }

    public long total() {
        return total;
    }

    public Iterator<Request> iterator() {
        return iterator;
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }
}
