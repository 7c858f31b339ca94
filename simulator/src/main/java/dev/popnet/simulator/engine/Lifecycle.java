package dev.popnet.simulator.engine;

import dev.popnet.core.cache.decision.Answer;
import dev.popnet.core.cache.decision.Outcome;
import dev.popnet.core.cache.decision.RequestView;
import dev.popnet.core.cache.decision.Step;
import dev.popnet.core.cache.decision.Stored;
import dev.popnet.core.http.CacheStatus;
import dev.popnet.core.http.Headers;
import dev.popnet.simulator.scenario.EdgeSpec;
import dev.popnet.simulator.scenario.OriginSpec;
import dev.popnet.simulator.scenario.Scenario;
import dev.popnet.simulator.workload.Request;
import java.util.List;

/**
 * Each request's life in virtual time: it reaches its edge half a round trip after it was sent, queues
 * for a core, and the edge's decision machine says what happens (serve, fetch, revalidate, wait for
 * another request's fetch); fetches cross to the parent PoP (a request at its owner edge, with its own
 * queue and machine) or the origin (connection slots, then its link), and come back over the PoP's
 * uplink; the machine then says what to store and who else is served. Latency, utilisation and
 * failures are what those queues and links make of it.
 */
final class Lifecycle {
    private static final Answer.Failed UNREACHABLE = new Answer.Failed(false);
    private static final Answer.Failed TIMED_OUT = new Answer.Failed(true);
    private static final Answer.NotModified NOT_MODIFIED = new Answer.NotModified(null, Headers.NONE);

    private final Simulation sim;
    private final EventQueue events;
    private final Content content;
    private final EdgeSpec edgeSpec;
    private final OriginSpec originSpec;
    private final double clientMbps;
    private final double backboneMbps;
    private final long maxQueueWait;
    private final long processing;
    private final long originTimeout;
    /** The origin's connection slots and its link (null when the link is not a limit). */
    final Resource originSlots;
    private final Resource originLink;
    private final Metrics metrics;
    private final SeriesRecorder series;
    /** More than one content class: with one, the run's totals are its figures and it counts nothing of its own. */
    private final boolean perClass;
    /** Visits and fetches not finished yet. */
    long inFlight;
    /** Told how each client request was answered, when someone asks (a request-by-request comparison). */
    java.util.function.Consumer<RequestOutcome> onAnswer;

    Lifecycle(Simulation sim, EventQueue events, Content content, Metrics metrics, SeriesRecorder series, Resource originSlots) {
        Scenario s = sim.scenario();
        this.sim = sim;
        this.events = events;
        this.content = content;
        this.metrics = metrics;
        this.series = series;
        this.perClass = content.classes() > 1;
        this.edgeSpec = s.edge();
        this.originSpec = s.origin();
        this.clientMbps = s.network().clientMbps();
        this.backboneMbps = s.network().backboneMbps();
        this.maxQueueWait = edgeSpec.maxQueueWait().toNanos();
        this.processing = originSpec.processing().toNanos();
        this.originTimeout = originSpec.timeout().toNanos();
        this.originSlots = originSlots;
        this.originLink = originSpec.linkMbps() > 0 ? new Resource(1) : null;
    }

    /** A client's request leaves for the owner edge of {@code pop}. */
    void send(Request r, int index, Region region, PopNode pop, int measured, int nearest) {
        long now = sim.now();
        Visit v = new Visit(this, r, pop.owner(r.objectId()), region, null, now, measured);
        v.nearest = nearest;
        v.index = index;
        inFlight++;
        events.schedule(now + region.halfRttNanos[pop.index], v);
    }

    /** The request is at its edge: take a core (or queue, or be refused), then let the machine decide. */
    void atEdge(Visit v) {
        long now = sim.now();
        if (v.stage == Visit.ARRIVE) {
            long service = edgeSpec.serviceNanos(v.request.size());
            long start = v.edge.cpu.admit(now, service, maxQueueWait);
            if (start < 0) {
                fail(v, 503);
                return;
            }
            v.serviceEnd = start + service;
            if (start > now) {
                v.stage = Visit.DECIDE; // the lookup happens when a core takes it, not when it joins the queue
                events.schedule(start, v);
                return;
            }
        }
        decide(v, now);
    }

    private void decide(Visit v, long now) {
        if (!v.edge.alive) {
            fail(v, 502);
            return;
        }
        long id = v.request.objectId();
        long nowMillis = Simulation.millis(now);
        int slot = v.edge.lookup(id, v.request.size());
        if (slot >= 0 && nowMillis < v.edge.freshUntil(slot)) {
            // the machine's answer for a fresh copy, known without asking (CacheMachine.plainFreshUntil)
            served(v, CacheStatus.HIT, v.child == null ? null : v.edge.stored(slot), null, Math.max(now, v.serviceEnd), false);
            return;
        }
        Stored stored = slot < 0 ? null : v.edge.stored(slot);
        Step<Long, Visit> step = v.edge.machine.request(id, RequestView.GET, stored, nowMillis, v);
        switch (step.kind()) {
            case SERVE -> {
                served(v, step.status(), step.stored(), null, Math.max(now, v.serviceEnd), false);
                if (step.refresh() != null) {
                    fetch(v.edge, step.refresh(), null, v.request, v.measured);
                }
            }
            case WAIT -> { } // comes back with the leader's outcome
            case REJECT -> fail(v, 504);
            default -> fetch(v.edge, step, v, v.request, v.measured);
        }
    }

    /** Sends a step upstream: to the parent PoP's owner edge when it has a live parent, else the origin. */
    private void fetch(EdgeNode from, Step<Long, Visit> step, Visit leader, Request r, int measured) {
        long now = sim.now();
        Fetch f = new Fetch(this, from, step, leader, r, now, measured);
        inFlight++;
        PopNode pop = from.pop;
        PopNode parent = pop.parent;
        if (parent != null && parent.up) {
            Visit at = new Visit(this, r, parent.owner(r.objectId()), null, f, now, measured);
            inFlight++;
            events.schedule(now + pop.parentHalfRttNanos, at);
            return;
        }
        metrics.pop(pop, measured).originRequests++;
        metrics.contentClass(r.contentClass(), measured).originRequests++;
        if (!sim.originUp()) {
            answerAt(f, UNREACHABLE, now + 2 * pop.originHalfRttNanos); // the connection is refused a round trip later
            return;
        }
        events.schedule(now + pop.originHalfRttNanos, f);
    }

    /** A fetch reaches the origin: a connection slot (or a timeout), then the answer crosses the origin's link and the PoP's uplink. */
    void atOrigin(Fetch f) {
        long now = sim.now();
        PopNode pop = f.from.pop;
        long allowedWait = f.sentNanos + originTimeout - now - processing;
        long start = allowedWait < 0 ? -1 : originSlots.admit(now, processing, allowedWait);
        if (start < 0) {
            metrics.pop(pop, f.measured).timeouts++;
            answerAt(f, TIMED_OUT, f.sentNanos + originTimeout);
            return;
        }
        long ready = start + processing;
        Request r = f.request;
        long version = content.version(r.contentClass(), r.objectId(), ready);
        boolean conditional = f.step.kind() == Step.Kind.REVALIDATE;
        boolean unchanged = conditional && f.step.stored().version() == version;
        long bytes = unchanged ? 0 : r.size();
        PopMetrics m = metrics.pop(pop, f.measured);
        PopMetrics cm = metrics.contentClass(r.contentClass(), f.measured);
        if (conditional) {
            if (unchanged) {
                m.origin304++;
                cm.origin304++;
            } else {
                m.origin200++;
                cm.origin200++;
            }
        }
        m.originBytes += bytes;
        cm.originBytes += bytes;
        Answer answer = unchanged ? NOT_MODIFIED : new Answer.Full(content.head(r.contentClass(), r.ttlSeconds()), Headers.NONE, r.size(), version);
        long t = ready;
        if (originLink != null && bytes > 0) {
            long tx = transferNanos(bytes, originSpec.linkMbps());
            t = originLink.admit(t, tx, Long.MAX_VALUE) + tx;
        }
        answerAt(f, answer, overUplink(pop, t + pop.originHalfRttNanos, bytes));
    }

    private long overUplink(PopNode pop, long arrival, long bytes) {
        if (bytes == 0) {
            return arrival;
        }
        long tx = transferNanos(bytes, backboneMbps);
        return pop.uplink.admit(arrival, tx, Long.MAX_VALUE) + tx;
    }

    private void answerAt(Fetch f, Answer answer, long at) {
        f.answer = answer;
        events.schedule(at, f.returned);
    }

    /** The answer is back at the edge that sent the fetch: the machine says what to store and who is served how. */
    void answered(Fetch f) {
        inFlight--;
        long now = sim.now();
        EdgeNode e = f.from;
        Outcome<Long, Visit> o = e.machine.answered(f.step, f.answer, Simulation.millis(f.sentNanos), Simulation.millis(now));
        long id = f.request.objectId();
        if (e.alive) {
            if (o.drop()) {
                e.remove(id);
            }
            if (o.store() != null) {
                e.store(id, o.store());
            }
        }
        if (f.leader != null) {
            finish(f.leader, o.status(), o.errorStatus(), o.answerFrom(), f.answer, f.parentHit);
        }
        List<Outcome.Waiter<Long, Visit>> waiters = o.waiters();
        for (int i = 0; i < waiters.size(); i++) { // indexed: most answers have no waiters, and no iterator is made for them
            Outcome.Waiter<Long, Visit> w = waiters.get(i);
            Visit v = w.who();
            if (w.alone() != null) {
                fetch(e, w.alone(), v, v.request, v.measured);
            } else {
                finish(v, w.status(), w.errorStatus(), w.serve(), f.answer, f.parentHit);
            }
        }
    }

    private void finish(Visit v, CacheStatus status, int error, Stored from, Answer relayed, boolean parentHit) {
        if (error != 0 || !v.edge.alive) {
            fail(v, error != 0 ? error : 502);
            return;
        }
        served(v, status, from, relayed, Math.max(sim.now(), v.serviceEnd), parentHit);
    }

    /** The edge answers {@code v} at {@code leaveAt}, from {@code from} (or relaying {@code relayed}). */
    private void served(Visit v, CacheStatus status, Stored from, Answer relayed, long leaveAt, boolean parentHit) {
        inFlight--;
        if (v.child != null) {
            answerChild(v, status, from, relayed, leaveAt);
            return;
        }
        Request r = v.request;
        PopNode pop = v.edge.pop;
        long done = leaveAt + v.region.halfRttNanos[pop.index] + transferNanos(r.size(), clientMbps);
        double ms = (done - v.sentNanos) / 1e6;
        boolean hit = status == CacheStatus.HIT || status == CacheStatus.STALE || status == CacheStatus.COLLAPSED;
        long micros = Metrics.micros(ms);
        metrics.served(metrics.pop(pop, v.measured), status, hit, parentHit, r.size(), v.nearest, micros);
        if (perClass) {
            metrics.served(metrics.contentClass(r.contentClass(), v.measured), status, hit, parentHit, r.size(), v.nearest, -1);
        }
        series.served(pop.index, hit, r.size(), micros);
        if (onAnswer != null) {
            onAnswer.accept(new RequestOutcome(v.index, r, pop.spec.name(), v.edge.name, status, 0, ms));
        }
    }

    /** A shield's edge answers a child PoP's fill: a 304 when the child's copy is the version it holds, else the object, with its Age. */
    private void answerChild(Visit v, CacheStatus status, Stored from, Answer relayed, long leaveAt) {
        Fetch f = v.child;
        PopMetrics m = metrics.pop(v.edge.pop, v.measured);
        m.fillRequests++;
        f.parentHit = status == CacheStatus.HIT || status == CacheStatus.STALE || status == CacheStatus.COLLAPSED;
        if (f.parentHit) {
            m.fillHits++;
        }
        Answer answer = relayed;
        if (from != null) {
            String age = Long.toString(from.ageSeconds(Simulation.millis(leaveAt)));
            Headers received = name -> "Age".equalsIgnoreCase(name) ? age : null;
            boolean unchanged = f.step.kind() == Step.Kind.REVALIDATE && f.step.stored().version() == from.version();
            answer = unchanged ? new Answer.NotModified(null, received) : new Answer.Full(from.head(), received, from.size(), from.version());
        }
        long bytes = answer instanceof Answer.Full full ? full.size() : 0;
        answerAt(f, answer, overUplink(f.from.pop, leaveAt + f.from.pop.parentHalfRttNanos, bytes));
    }

    /** The request fails: 503 refused by a full queue, 504 timed out, 502 unreachable. */
    private void fail(Visit v, int status) {
        inFlight--;
        if (v.child != null) {
            answerAt(v.child, status == 504 ? TIMED_OUT : UNREACHABLE, sim.now() + v.child.from.pop.parentHalfRttNanos);
            return;
        }
        PopMetrics m = metrics.pop(v.edge.pop, v.measured);
        metrics.failed(m, status);
        metrics.failed(metrics.contentClass(v.request.contentClass(), v.measured), status);
        series.failed(v.edge.pop.index);
        if (onAnswer != null) {
            onAnswer.accept(new RequestOutcome(v.index, v.request, v.edge.pop.spec.name(), v.edge.name, null, status, 0));
        }
    }

    static long transferNanos(long bytes, double mbps) {
        return Math.round(bytes * 8_000.0 / mbps);
    }
}
