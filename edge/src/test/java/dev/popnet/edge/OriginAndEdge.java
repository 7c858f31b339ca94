package dev.popnet.edge;

import dev.popnet.edge.wire.RawOrigin;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** What most edge tests run against: a raw origin playing a script, and an edge in front of it. */
final class OriginAndEdge implements AutoCloseable {
    final Vertx vertx;
    final RawOrigin origin;
    final EdgeServer edge;

    private OriginAndEdge(Vertx vertx, RawOrigin origin, EdgeServer edge) {
        this.vertx = vertx;
        this.origin = origin;
        this.edge = edge;
    }

    static OriginAndEdge start(RawOrigin.Script script) throws Exception {
        return start(script, s -> { });
    }

    static OriginAndEdge start(RawOrigin.Script script, Consumer<TestEdge.Settings> tweak) throws Exception {
        Vertx vertx = Vertx.vertx();
        RawOrigin origin = RawOrigin.start(script);
        return new OriginAndEdge(vertx, origin, TestEdge.start(vertx, origin.url(), tweak));
    }

    /** How many requests the origin received for targets starting with this. */
    long fetches(String targetPrefix) {
        return origin.requests().stream().filter(r -> r.target().startsWith(targetPrefix)).count();
    }

    @Override
    public void close() throws Exception {
        edge.close().await(10, TimeUnit.SECONDS);
        origin.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
