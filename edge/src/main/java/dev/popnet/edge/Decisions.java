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

/**
 * The node's one {@link CacheMachine}, shared by its event loops under one lock (the work under it is a
 * few map operations), with the node's ticker as its clock. A stored object is shown to it as its
 * metadata; bodies stay with the store.
 */
final class Decisions {
    private final CacheMachine<String, EdgeProxy.Waiter> machine;
    private final Ticker ticker;

    Decisions(EdgeConfig config, Ticker ticker) {
        this.ticker = ticker;
        this.machine = new CacheMachine<>(new CacheMachine.Settings(config.heuristicCap().toSeconds(), config.maxObjectSize(), true,
                CacheMachine.Settings.DEFAULTS.passMemoryMillis(), config.staleIfUnreachable().toSeconds()));
    }

    long now() {
        return ticker.millis();
    }

    synchronized Step<String, EdgeProxy.Waiter> request(String key, RequestView view, StoredObject stored, EdgeProxy.Waiter who) {
        return machine.request(key, view, stored == null ? null : metadata(stored), ticker.millis(), who);
    }

    synchronized Outcome<String, EdgeProxy.Waiter> answered(Step<String, EdgeProxy.Waiter> step, Answer answer, long sentAt) {
        return machine.answeredHead(step, answer, sentAt, ticker.millis());
    }

    synchronized List<Outcome.Waiter<String, EdgeProxy.Waiter>> release(Step<String, EdgeProxy.Waiter> step,
            Outcome<String, EdgeProxy.Waiter> outcome) {
        return machine.release(step, outcome);
    }

    synchronized int inFlight() {
        return machine.inFlight();
    }

    Step<String, EdgeProxy.Waiter> alone(String key, RequestView view) {
        return machine.alone(key, view);
    }

    ResponseHead head(int status, HeaderList headers) {
        return machine.head(status, headers);
    }

    /** What the machine reads of a stored object: its head (lifetime and directives as stored), times and size. */
    static Stored metadata(StoredObject o) {
        return new Stored(ResponseHead.known(o.status(), o.headers(), o.lifetimeSeconds(), o.directives()), o.requestTime(),
                o.responseTime(), o.initialAgeMillis(), o.bodyLength(), 0);
    }
}
