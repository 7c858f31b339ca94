package dev.popnet.core.cache.decision;

import dev.popnet.core.http.CacheRules;
import dev.popnet.core.http.CacheStatus;
import dev.popnet.core.http.NoCacheReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-request cache decisions of one cache node, as a state machine over plain values: a request
 * and what is stored for its key go in, a {@link Step} comes out (serve, fetch, revalidate, wait,
 * pass); the upstream answer goes back in, an {@link Outcome} comes out (what to store, what to
 * serve, who else was waiting). Every RFC 9111 / RFC 5861 rule is {@link CacheRules}'; this class
 * adds the lifecycle around them: one fetch per key at a time (concurrent misses and revalidations
 * wait for it), one background refresh per key, 304 freshening (§4.3.4), stale-if-error, §4.4
 * invalidation.
 *
 * <p>It holds no bodies and reads no clock: times are epoch milliseconds passed in, so an I/O driver
 * (the edge) and a virtual-time driver (the simulator) run the same decisions. Not thread-safe: a
 * driver calls it from one thread (the simulator) or under its own lock (the edge, one machine and lock per shard of keys).
 *
 * @param <K> the cache key type (the edge's key string, the simulator's object id)
 * @param <W> whatever the driver needs to resume a waiting request
 */
public final class CacheMachine<K, W> {

    /**
     * @param heuristicCapSeconds §4.2.2 cap on heuristic freshness
     * @param maxObjectSize       larger bodies are not stored (-1: no limit)
     * @param coalesce            concurrent fetches of one key wait for the first
     * @param passMemoryMillis    how long a key whose answer could not be stored is fetched without
     *                            coalescing (Varnish's hit-for-miss), so requests for dynamic content do
     *                            not queue behind each other; 0 never remembers
     * @param staleIfUnreachableSeconds how long past its freshness a stored response may stand in when the
     *                            upstream cannot be reached at all (RFC 9111 §4.2.4), unless it forbids
     *                            stale use; 0 never
     */
    public record Settings(long heuristicCapSeconds, long maxObjectSize, boolean coalesce, long passMemoryMillis,
            long staleIfUnreachableSeconds) {
        public static final Settings DEFAULTS = new Settings(86_400, -1, true, 120_000);

        /** Without stale-if-unreachable. */
        public Settings(long heuristicCapSeconds, long maxObjectSize, boolean coalesce, long passMemoryMillis) {
            this(heuristicCapSeconds, maxObjectSize, coalesce, passMemoryMillis, 0);
        }
    }

    /** Keys remembered as not storable by one node, at most this many (the oldest go first). */
    public static final int PASS_MEMORY_KEYS = 100_000;

    /** One fetch in flight for a key, and the requests waiting for it. */
    public static final class Flight<K, W> {
        private final K key;
        /** Made when the first waiter comes: most fetches have none. */
        private List<W> waiters;
        private List<RequestView> requests;

        private Flight(K key) {
            this.key = key;
        }

        private void add(W who, RequestView request) {
            if (waiters == null) {
                waiters = new ArrayList<>(2);
                requests = new ArrayList<>(2);
            }
            waiters.add(who);
            requests.add(request);
        }

        public int waiting() {
            return waiters == null ? 0 : waiters.size();
        }
    }

    private final Settings settings;
    private final Map<K, Flight<K, W>> flights = new HashMap<>();
    /** Keys whose last answer could not be stored, and until when (epoch ms) they are fetched alone. */
    private final Map<K, Long> passUntil;

    public CacheMachine(Settings settings) {
        this(settings, PASS_MEMORY_KEYS);
    }

    /**
     * A machine for a part of a node's keys (one of its shards), remembering at most {@code passMemoryKeys}
     * of them as not storable, so the node's shards together stay within {@link #PASS_MEMORY_KEYS}.
     */
    public CacheMachine(Settings settings, int passMemoryKeys) {
        if (passMemoryKeys < 1) {
            throw new IllegalArgumentException("passMemoryKeys must be positive: " + passMemoryKeys);
        }
        this.settings = settings;
        this.passUntil = new java.util.LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Long> eldest) {
                return size() > passMemoryKeys;
            }
        };
    }

    public Settings settings() {
        return settings;
    }

    /** A head for a response received by this node, with the node's heuristic cap. */
    public ResponseHead head(int status, dev.popnet.core.http.HeaderList headers) {
        return ResponseHead.of(status, headers, settings.heuristicCapSeconds());
    }

    /**
     * A request arrives for {@code key}, with {@code stored} what the store holds for it (null: nothing).
     *
     * @param who the driver's handle for this request, kept if it has to wait
     */
    public Step<K, W> request(K key, RequestView request, Stored stored, long nowMillis, W who) {
        if (!request.readsStore()) {
            return new Step<>(Step.Kind.PASS, key, request, null, null, null, null);
        }
        if (stored != null) {
            switch (stored.head().use(request, stored.ageSeconds(nowMillis))) {
                case FRESH:
                    return serve(key, request, stored, CacheStatus.HIT, null);
                case STALE_ACCEPTED:
                    return serve(key, request, stored, CacheStatus.STALE, null);
                case STALE_WHILE_REVALIDATE:
                    Step<K, W> refresh = null;
                    if (settings.coalesce() ? !flights.containsKey(key) : true) {
                        refresh = new Step<>(Step.Kind.REVALIDATE, key, RequestView.GET, stored, null, null, open(key));
                    }
                    return serve(key, request, stored, CacheStatus.STALE, refresh);
                default:
                    if (request.onlyIfCached()) {
                        return new Step<>(Step.Kind.REJECT, key, request, stored, null, null, null);
                    }
                    return upstream(key, request, stored, Step.Kind.REVALIDATE, who);
            }
        }
        if (request.onlyIfCached()) {
            return new Step<>(Step.Kind.REJECT, key, request, null, null, null, null);
        }
        if (request.forwardAsIs()) {
            return new Step<>(Step.Kind.PASS, key, request, null, null, null, null); // the next plain GET stores it
        }
        if (!passUntil.isEmpty()) {
            Long until = passUntil.get(key);
            if (until != null && nowMillis < until) {
                return new Step<>(Step.Kind.FETCH, key, request, null, null, null, null); // fetched alone, may still be stored
            }
        }
        return upstream(key, request, null, Step.Kind.FETCH, who);
    }

    /**
     * Until when (epoch ms, exclusive) a plain request ({@link RequestView#plain()}, such as
     * {@link RequestView#GET}) finds {@code stored} fresh: before then {@link #request} answers it SERVE
     * with HIT whatever else is going on, so a driver may keep this figure beside what it stores and
     * serve those hits without asking for a step (the simulator's hit path). Long.MIN_VALUE: never.
     */
    public static long plainFreshUntil(Stored stored) {
        // age = (initialAge + max(0, now - responseTime)) / 1000 s is below F exactly while
        // max(now, responseTime) < responseTime + F * 1000 - initialAge.
        long until = stored.responseTime() + stored.head().plainFreshBelow() * 1000 - stored.initialAgeMillis();
        return until > stored.responseTime() ? until : Long.MIN_VALUE;
    }

    private Step<K, W> serve(K key, RequestView request, Stored stored, CacheStatus status, Step<K, W> refresh) {
        return new Step<>(Step.Kind.SERVE, key, request, stored, status, refresh, null);
    }

    private Step<K, W> upstream(K key, RequestView request, Stored stored, Step.Kind kind, W who) {
        if (!settings.coalesce()) {
            return new Step<>(kind, key, request, stored, null, null, null);
        }
        Flight<K, W> flight = flights.get(key);
        if (flight != null) {
            flight.add(who, request);
            return new Step<>(Step.Kind.WAIT, key, request, stored, null, null, flight);
        }
        return new Step<>(kind, key, request, stored, null, null, open(key));
    }

    private Flight<K, W> open(K key) {
        if (!settings.coalesce()) {
            return null;
        }
        Flight<K, W> flight = new Flight<>(key);
        flights.put(key, flight);
        return flight;
    }

    /**
     * The upstream answered a step that went upstream (FETCH, REVALIDATE, PASS, a refresh or a
     * waiter's own fetch); {@code sentAt} and {@code receivedAt} are when it was sent and answered.
     */
    public Outcome<K, W> answered(Step<K, W> step, Answer answer, long sentAt, long receivedAt) {
        Outcome<K, W> o = answeredHead(step, answer, sentAt, receivedAt);
        List<Outcome.Waiter<K, W>> waiters = release(step, o);
        return waiters.isEmpty() ? o : o.withWaiters(waiters); // most fetches had nobody waiting: no second outcome
    }

    /**
     * As {@link #answered}, for a driver whose answer comes in two parts, a head and then a body it
     * stores once complete (the edge): the key's fetch stays open, so requests arriving while the body
     * streams wait for it too, until {@link #release} closes it. The outcome has no waiters yet.
     */
    public Outcome<K, W> answeredHead(Step<K, W> step, Answer answer, long sentAt, long receivedAt) {
        if (step.kind() == Step.Kind.PASS) {
            boolean invalidate = answer instanceof Answer.Full f && CacheRules.invalidates(step.request().method(), f.head().status());
            int error = answer instanceof Answer.Failed failed ? failed.status() : 0;
            return new Outcome<>(CacheStatus.BYPASS, error, null, null, false, invalidate, NoCacheReason.METHOD, false, List.of());
        }
        Stored old = step.stored();
        RequestView request = step.request();
        if (answer instanceof Answer.NotModified nm && old != null) {
            Stored fresh = freshened(old, nm, sentAt, receivedAt);
            return new Outcome<>(CacheStatus.REVALIDATED, 0, fresh, fresh, false, false, null, false, List.of());
        }
        if (answer instanceof Answer.Full full && !(full.head().status() >= 500 && staleOnError(request, old, receivedAt))) {
            NoCacheReason why = full.head().storability(request, full.size(), settings.maxObjectSize());
            if (why == null && !passUntil.isEmpty()) {
                passUntil.remove(step.key());
            } else if (why != null && settings.passMemoryMillis() > 0) {
                passUntil.put(step.key(), receivedAt + settings.passMemoryMillis());
            }
            if (why == null) {
                Stored stored = new Stored(full.head(), sentAt, receivedAt,
                        CacheRules.correctedInitialAgeMillis(full.received(), sentAt, receivedAt), full.size(), full.version());
                return new Outcome<>(old != null ? CacheStatus.EXPIRED : CacheStatus.MISS, 0, null, stored, false, false, null, false,
                        List.of());
            }
            return new Outcome<>(old != null ? CacheStatus.EXPIRED : CacheStatus.BYPASS, 0, null, null, old != null, false, why, false,
                    List.of());
        }
        // The upstream failed or answered 5xx: RFC 5861 §4 may let the stale copy stand in, or §4.2.4 when it was unreachable.
        if (staleOnError(request, old, receivedAt)) {
            return new Outcome<>(CacheStatus.STALE, 0, old, null, false, false, null, false, List.of());
        }
        if (answer instanceof Answer.Failed failed && failed.unreachable() && staleWhenUnreachable(request, old, receivedAt)) {
            return new Outcome<>(CacheStatus.STALE, 0, old, null, false, false, null, true, List.of());
        }
        int error = answer instanceof Answer.Failed failed ? failed.status() : 502;
        return new Outcome<>(CacheStatus.BYPASS, error, null, null, false, false, null, false, List.of());
    }

    /**
     * Closes the fetch {@code step} opened (after {@link #answeredHead}, once its outcome is carried out)
     * and hands back the requests that waited for it, each with its way on: served from what the
     * outcome stored or serves, or (when nothing may be shared) fetching on its own, or the failure.
     */
    public List<Outcome.Waiter<K, W>> release(Step<K, W> step, Outcome<K, W> outcome) {
        Flight<K, W> flight = step.flight();
        if (flight == null) {
            return List.of();
        }
        flights.remove(flight.key, flight);
        if (step.kind() == Step.Kind.PASS) {
            return List.of();
        }
        if (outcome.status() == CacheStatus.STALE) {
            return waiters(flight, CacheStatus.STALE, 0, outcome.serve());
        }
        if (outcome.errorStatus() != 0) {
            return waiters(flight, CacheStatus.BYPASS, outcome.errorStatus(), null);
        }
        Stored shared = outcome.answerFrom();
        return shared != null ? waiters(flight, CacheStatus.COLLAPSED, 0, shared) : waiters(flight, CacheStatus.MISS, 0, null);
    }

    /** A fetch of {@code key} outside any flight: for a request that stopped waiting for another's. */
    public Step<K, W> alone(K key, RequestView request) {
        return new Step<>(Step.Kind.FETCH, key, request, null, null, null, null);
    }

    private boolean staleWhenUnreachable(RequestView request, Stored old, long nowMillis) {
        return old != null && settings.staleIfUnreachableSeconds() > 0 && CacheRules.staleIfUnreachable(request.headers(),
                old.head().headers(), old.ageSeconds(nowMillis), old.head().lifetimeSeconds(), settings.staleIfUnreachableSeconds());
    }

    private boolean staleOnError(RequestView request, Stored old, long nowMillis) {
        return old != null && CacheRules.staleIfError(request.headers(), old.head().headers(), old.ageSeconds(nowMillis),
                old.head().lifetimeSeconds());
    }

    /** §4.3.4: the stored response with the 304's fields and its new request and response times. */
    private Stored freshened(Stored old, Answer.NotModified nm, long sentAt, long receivedAt) {
        ResponseHead head = nm.headers() == null || nm.headers().fields().isEmpty() ? old.head()
                : head(old.head().status(), old.head().headers().freshenedBy(nm.headers()));
        return new Stored(head, sentAt, receivedAt, CacheRules.correctedInitialAgeMillis(nm.received(), sentAt, receivedAt),
                old.size(), old.version());
    }

    private List<Outcome.Waiter<K, W>> waiters(Flight<K, W> flight, CacheStatus status, int error, Stored serve) {
        if (flight == null || flight.waiting() == 0) {
            return List.of();
        }
        List<Outcome.Waiter<K, W>> out = new ArrayList<>(flight.waiters.size());
        for (int i = 0; i < flight.waiters.size(); i++) {
            // A response that may not be stored may not be shared either: each waiter asks on its own.
            Step<K, W> alone = status == CacheStatus.MISS
                    ? new Step<>(Step.Kind.FETCH, flight.key, flight.requests.get(i), null, null, null, null) : null;
            out.add(new Outcome.Waiter<>(flight.waiters.get(i), status, error, serve, alone));
        }
        return out;
    }

    /** Keys remembered now as not storable (at most the bound this machine was made with). */
    public int passRemembered() {
        return passUntil.size();
    }

    /** Keys with a fetch in flight. */
    public int inFlight() {
        return flights.size();
    }
}
