package dev.popnet.simulator.engine;

import dev.popnet.core.cache.decision.ResponseHead;
import dev.popnet.core.http.HeaderList;
import dev.popnet.simulator.workload.ContentClass;
import dev.popnet.simulator.workload.WorkloadSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The origin's content as the simulator knows it: each class's response head (Cache-Control and
 * Surrogate-Key, one head shared by all its objects, so the rules are read once per class), a head per
 * trace TTL, each object's URL and current version.
 */
final class Content {
    private final WorkloadSpec workload;
    private final ResponseHead[] heads;
    private final long[] changeNanos;
    private final long heuristicCapSeconds;
    private final Map<Long, ResponseHead> byTtl = new HashMap<>();

    Content(WorkloadSpec workload, long heuristicCapSeconds) {
        this.workload = workload;
        this.heuristicCapSeconds = heuristicCapSeconds;
        List<ContentClass> classes = workload.classes();
        heads = new ResponseHead[classes.size()];
        changeNanos = new long[classes.size()];
        for (int c = 0; c < classes.size(); c++) {
            ContentClass cc = classes.get(c);
            heads[c] = ResponseHead.of(200, new HeaderList(List.of(new HeaderList.Field("Cache-Control", cc.cacheControl()),
                    new HeaderList.Field("Surrogate-Key", cc.surrogateKey()))), heuristicCapSeconds);
            Duration change = cc.changeInterval();
            changeNanos[c] = change == null ? 0 : change.toNanos();
        }
    }

    int classes() {
        return heads.length;
    }

    /** The head the origin answers with: the class's, or for a trace request with a TTL, {@code max-age} of it. */
    ResponseHead head(int contentClass, long ttlSeconds) {
        if (ttlSeconds < 0) {
            return heads[contentClass];
        }
        return byTtl.computeIfAbsent(ttlSeconds, ttl -> ResponseHead.of(200,
                new HeaderList(List.of(new HeaderList.Field("Cache-Control", "public, max-age=" + ttl))), heuristicCapSeconds));
    }

    /** The object's version at the origin at {@code nanos}: it changes every change-interval, each object on its own phase. */
    long version(int contentClass, long id, long nanos) {
        return dev.popnet.core.cache.ObjectVersions.at(id, changeNanos[contentClass], nanos);
    }

    /** The object's URL path: {@code /<class>/<n>}. */
    String path(long id) {
        int c = classOf(id);
        return "/" + workload.classes().get(c).name() + "/" + (id - workload.firstId(c) + 1);
    }

    private int classOf(long id) {
        for (int c = heads.length - 1; c > 0; c--) {
            if (id >= workload.firstId(c) && id < workload.firstId(c) + workload.classes().get(c).objects()) {
                return c;
            }
        }
        return 0; // the first class, flash crowds and trace objects
    }
}
