package dev.popnet.edge;

import dev.popnet.core.cache.decision.Answer;
import dev.popnet.core.cache.decision.CacheMachine;
import dev.popnet.core.cache.decision.Outcome;
import dev.popnet.core.cache.decision.RequestView;
import dev.popnet.core.cache.decision.ResponseHead;
import dev.popnet.core.cache.decision.Step;
import dev.popnet.core.cache.decision.Stored;
import dev.popnet.core.http.HeaderList;
import dev.popnet.core.time.Ticker;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The node's cache decisions, as {@link CacheMachine}s over shards of its keys, each under its own lock
 * (the work under it is a few map operations), with the node's ticker as their clock: requests for
 * different keys rarely meet on a lock, and never wait for each other's fetches. A machine's state is
 * per key (the fetch in flight, the hit-for-miss memory), so a key's shard decides alone; the shards'
 * memory bounds add up to one node's. A stored object is shown to it as its metadata; bodies stay with
 * the store.
 */
final class Decisions {
    /** A power of two, well above the event loops a node runs, so two loops rarely want the same lock. */
    static final int SHARDS = 64;

    private final CacheMachine<String, EdgeProxy.Waiter>[] shards;
    private final Ticker ticker;

    @SuppressWarnings("unchecked")
    Decisions(EdgeConfig config, Ticker ticker) {
        this.ticker = ticker;
        CacheMachine.Settings settings = new CacheMachine.Settings(config.heuristicCap().toSeconds(), config.maxObjectSize(), true,
                CacheMachine.Settings.DEFAULTS.passMemoryMillis(), config.staleIfUnreachable().toSeconds());
        this.shards = new CacheMachine[SHARDS];
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new CacheMachine<>(settings, CacheMachine.PASS_MEMORY_KEYS / SHARDS);
        }
    }

    long now() {
        return ticker.millis();
    }

    /**
     * The top bits of the key's hash, mixed: a machine's own hash maps index keys by the low bits, and a
     * shard picked by those would leave all but one in 64 of its buckets empty (long chains, tree bins).
     */
    private CacheMachine<String, EdgeProxy.Waiter> shard(String key) {
        return shards[(key.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(SHARDS))];
    }

    Step<String, EdgeProxy.Waiter> request(String key, RequestView view, StoredObject stored, EdgeProxy.Waiter who) {
        Stored meta = stored == null ? null : metadata(stored);
        CacheMachine<String, EdgeProxy.Waiter> m = shard(key);
        synchronized (m) {
            return m.request(key, view, meta, ticker.millis(), who);
        }
    }

    Outcome<String, EdgeProxy.Waiter> answered(Step<String, EdgeProxy.Waiter> step, Answer answer, long sentAt) {
        CacheMachine<String, EdgeProxy.Waiter> m = shard(step.key());
        synchronized (m) {
            return m.answeredHead(step, answer, sentAt, ticker.millis());
        }
    }

    List<Outcome.Waiter<String, EdgeProxy.Waiter>> release(Step<String, EdgeProxy.Waiter> step, Outcome<String, EdgeProxy.Waiter> outcome) {
        CacheMachine<String, EdgeProxy.Waiter> m = shard(step.key());
        synchronized (m) {
            return m.release(step, outcome);
        }
    }

    /** Keys with a fetch in flight, over all shards. */
    int inFlight() {
        return sum(CacheMachine::inFlight);
    }

    /** Keys remembered as not storable, over all shards: never above {@link CacheMachine#PASS_MEMORY_KEYS}. */
    int passRemembered() {
        return sum(CacheMachine::passRemembered);
    }

    private int sum(ToIntFunction<CacheMachine<String, EdgeProxy.Waiter>> count) {
        int n = 0;
        for (CacheMachine<String, EdgeProxy.Waiter> m : shards) {
            synchronized (m) {
                n += count.applyAsInt(m);
            }
        }
        return n;
    }

    Step<String, EdgeProxy.Waiter> alone(String key, RequestView view) {
        return shards[0].alone(key, view);
    }

    ResponseHead head(int status, HeaderList headers) {
        return shards[0].head(status, headers);
    }

    /**
     * What the machine reads of a stored object: its head (lifetime and directives as stored; the header
     * fields decoded only if it reads them), times and size.
     */
    static Stored metadata(StoredObject o) {
        return new Stored(ResponseHead.known(o.status(), o::headers, o.lifetimeSeconds(), o.directives()), o.requestTime(),
                o.responseTime(), o.initialAgeMillis(), o.bodyLength(), 0);
    }
}
