package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.cache.decision.Answer;
import dev.popnet.core.cache.decision.CacheMachine;
import dev.popnet.core.cache.decision.Outcome;
import dev.popnet.core.cache.decision.RequestView;
import dev.popnet.core.cache.decision.Step;
import dev.popnet.core.http.HeaderList;
import dev.popnet.core.time.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The node's decisions over shards of its keys: one key's lifecycle as one machine's, bounds over the whole node. */
class DecisionsTest {
    private final Decisions decisions = new Decisions(EdgeConfig.defaults(), Ticker.system());

    private Answer.Full answer(String cacheControl) {
        HeaderList h = new HeaderList(List.of(new HeaderList.Field("Cache-Control", cacheControl)));
        return new Answer.Full(decisions.head(200, h), h, 1024, 0);
    }

    @Test
    void aKeysConcurrentMissesWaitForItsOneFetchWhileOtherKeysFetchOnTheirOwn() {
        Step<String, EdgeProxy.Waiter> first = decisions.request("http://a/x", RequestView.GET, null, null);
        Step<String, EdgeProxy.Waiter> same = decisions.request("http://a/x", RequestView.GET, null, null);
        List<Step<String, EdgeProxy.Waiter>> others = new ArrayList<>();
        for (int i = 0; i < 200; i++) { // many keys, so every shard has one
            others.add(decisions.request("http://a/other-" + i, RequestView.GET, null, null));
        }
        assertEquals(Step.Kind.FETCH, first.kind());
        assertEquals(Step.Kind.WAIT, same.kind());
        others.forEach(s -> assertEquals(Step.Kind.FETCH, s.kind(), s.key()));
        assertEquals(201, decisions.inFlight());

        Outcome<String, EdgeProxy.Waiter> outcome = decisions.answered(first, answer("max-age=60"), decisions.now());
        assertEquals(1, decisions.release(first, outcome).size(), "the waiter comes back with the fetch it waited for");
        for (Step<String, EdgeProxy.Waiter> s : others) {
            decisions.release(s, decisions.answered(s, answer("max-age=60"), decisions.now()));
        }
        assertEquals(0, decisions.inFlight());
    }

    @Test
    void theHitForMissMemoryIsBoundedForTheWholeNodeNotPerShard() {
        int keys = CacheMachine.PASS_MEMORY_KEYS * 3 / 2;
        for (int i = 0; i < keys; i++) {
            Step<String, EdgeProxy.Waiter> s = decisions.request("http://a/dynamic-" + i, RequestView.GET, null, null);
            decisions.release(s, decisions.answered(s, answer("no-store"), decisions.now()));
        }
        int remembered = decisions.passRemembered();
        assertTrue(remembered <= CacheMachine.PASS_MEMORY_KEYS, remembered + " keys remembered");
        assertTrue(remembered > CacheMachine.PASS_MEMORY_KEYS * 9 / 10, "the bound is used, not split too finely: " + remembered);
        assertEquals(0, decisions.inFlight());
    }

    @Test
    void eventLoopsDecidingAtOnceLoseNoFetchAndLeaveNoneOpen() throws InterruptedException {
        int threads = 4;
        int perThread = 20_000;
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger waited = new AtomicInteger();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    // half the keys are shared by all threads, so fetches of one key meet across threads
                    String key = i % 2 == 0 ? "http://a/shared-" + (i % 64) : "http://a/" + Thread.currentThread().getName() + "-" + i;
                    Step<String, EdgeProxy.Waiter> s = decisions.request(key, RequestView.GET, null, null);
                    if (s.kind() == Step.Kind.WAIT) {
                        waited.incrementAndGet();
                        continue;
                    }
                    decisions.release(s, decisions.answered(s, answer("no-store"), decisions.now()));
                }
            }, "loop" + t);
            all.add(th);
            th.start();
        }
        go.countDown();
        for (Thread th : all) {
            th.join();
        }
        assertEquals(0, decisions.inFlight(), "every fetch opened was closed (" + waited.get() + " requests waited)");
    }
}
