package dev.popnet.core.cache.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.http.CacheStatus;
import dev.popnet.core.http.HeaderList;
import dev.popnet.core.http.Headers;
import dev.popnet.core.http.NoCacheReason;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One key's life through the machine, step by step, as a driver sees it. */
class CacheMachineTest {
    private final CacheMachine<String, String> machine = new CacheMachine<>(new CacheMachine.Settings(3600, 1_000_000, true, 60_000));
    private static final long T0 = 1_767_225_600_000L;

    private ResponseHead head(String cacheControl) {
        return machine.head(200, ResponseHeadTest.headers(cacheControl));
    }

    private static Answer.Full full(ResponseHead head, long version) {
        return new Answer.Full(head, head.headers(), 1000, version);
    }

    private static Answer.NotModified notModified() {
        return new Answer.NotModified(null, Headers.NONE);
    }

    @Test
    void concurrentMissesMakeOneFetchAndTheOthersCollapseOntoIt() {
        Step<String, String> leader = machine.request("/a", RequestView.GET, null, T0, "r1");
        assertEquals(Step.Kind.FETCH, leader.kind());
        Step<String, String> second = machine.request("/a", RequestView.GET, null, T0 + 5, "r2");
        Step<String, String> third = machine.request("/a", RequestView.GET, null, T0 + 6, "r3");
        assertEquals(Step.Kind.WAIT, second.kind());
        assertEquals(Step.Kind.WAIT, third.kind());
        assertEquals(1, machine.inFlight());

        Outcome<String, String> done = machine.answered(leader, full(head("max-age=60"), 1), T0, T0 + 100);
        assertEquals(CacheStatus.MISS, done.status());
        assertNotNull(done.store());
        assertEquals(T0 + 100, done.store().responseTime());
        assertEquals(List.of("r2", "r3"), done.waiters().stream().map(Outcome.Waiter::who).toList());
        done.waiters().forEach(w -> assertEquals(CacheStatus.COLLAPSED, w.status()));
        done.waiters().forEach(w -> assertSame(done.store(), w.serve()));
        assertEquals(0, machine.inFlight());
        // §4.2: fresh while age < max-age
        assertEquals(CacheStatus.HIT, machine.request("/a", RequestView.GET, done.store(), T0 + 59_000, "r4").status());
    }

    @Test
    void staleEntryIsRevalidatedAnd304FreshensIt() {
        Stored stored = machine.answered(machine.request("/b", RequestView.GET, null, T0, "r1"), full(head("max-age=60"), 1), T0, T0).store();
        Step<String, String> validate = machine.request("/b", RequestView.GET, stored, T0 + 60_000, "r2"); // §4.2: age 60 is stale
        assertEquals(Step.Kind.REVALIDATE, validate.kind());
        assertSame(stored, validate.stored());
        assertEquals(Step.Kind.WAIT, machine.request("/b", RequestView.GET, stored, T0 + 60_010, "r3").kind());

        Outcome<String, String> done = machine.answered(validate, notModified(), T0 + 60_000, T0 + 60_050);
        assertEquals(CacheStatus.REVALIDATED, done.status()); // §4.3.4
        assertSame(stored.head(), done.store().head(), "a 304 with no new fields keeps the head");
        assertEquals(T0 + 60_050, done.store().responseTime());
        assertEquals(CacheStatus.COLLAPSED, done.waiters().get(0).status());
        assertEquals(CacheStatus.HIT, machine.request("/b", RequestView.GET, done.store(), T0 + 100_000, "r4").status());
    }

    @Test
    void revalidationAnswered200ReplacesTheEntry() {
        Stored v1 = machine.answered(machine.request("/c", RequestView.GET, null, T0, "r"), full(head("max-age=10"), 1), T0, T0).store();
        Step<String, String> validate = machine.request("/c", RequestView.GET, v1, T0 + 11_000, "r");
        Outcome<String, String> done = machine.answered(validate, full(head("max-age=10"), 2), T0 + 11_000, T0 + 11_020);
        assertEquals(CacheStatus.EXPIRED, done.status());
        assertEquals(2, done.store().version());
    }

    @Test
    void notModifiedWithNewFieldsUpdatesTheStoredHeaders() {
        Stored v1 = machine.answered(machine.request("/d", RequestView.GET, null, T0, "r"), full(head("max-age=10"), 1), T0, T0).store();
        Step<String, String> validate = machine.request("/d", RequestView.GET, v1, T0 + 11_000, "r");
        HeaderList update = ResponseHeadTest.headers("max-age=500");
        Outcome<String, String> done = machine.answered(validate, new Answer.NotModified(update, update), T0 + 11_000, T0 + 11_000);
        assertEquals(500, done.store().head().lifetimeSeconds());
        assertEquals(CacheStatus.HIT, machine.request("/d", RequestView.GET, done.store(), T0 + 400_000, "r").status());
    }

    @Test
    void staleWhileRevalidateServesStaleAndRefreshesOnceInTheBackground() {
        Stored stored = machine.answered(machine.request("/e", RequestView.GET, null, T0, "r"),
                full(head("max-age=60, stale-while-revalidate=30"), 1), T0, T0).store();
        Step<String, String> first = machine.request("/e", RequestView.GET, stored, T0 + 70_000, "r1");
        assertEquals(Step.Kind.SERVE, first.kind());
        assertEquals(CacheStatus.STALE, first.status());
        assertNotNull(first.refresh(), "RFC 5861 §3: one background revalidation");
        Step<String, String> second = machine.request("/e", RequestView.GET, stored, T0 + 71_000, "r2");
        assertEquals(CacheStatus.STALE, second.status());
        assertNull(second.refresh(), "the refresh already in flight is not repeated");
        Outcome<String, String> refreshed = machine.answered(first.refresh(), notModified(), T0 + 70_000, T0 + 70_100);
        assertEquals(CacheStatus.HIT, machine.request("/e", RequestView.GET, refreshed.store(), T0 + 75_000, "r3").status());
        // past the window: validate before serving
        assertEquals(Step.Kind.REVALIDATE, machine.request("/e", RequestView.GET, stored, T0 + 91_000, "r4").kind());
    }

    @Test
    void staleIfErrorServesTheStaleCopyWhenTheOriginFails() {
        Stored stored = machine.answered(machine.request("/f", RequestView.GET, null, T0, "r"),
                full(head("max-age=60, stale-if-error=300"), 1), T0, T0).store();
        Step<String, String> validate = machine.request("/f", RequestView.GET, stored, T0 + 100_000, "r1");
        machine.request("/f", RequestView.GET, stored, T0 + 100_001, "r2");
        Outcome<String, String> done = machine.answered(validate, new Answer.Failed(true), T0 + 100_000, T0 + 105_000);
        assertEquals(CacheStatus.STALE, done.status()); // RFC 5861 §4
        assertSame(stored, done.serve());
        assertEquals(CacheStatus.STALE, done.waiters().get(0).status());
        // a 5xx answer counts as an error too
        Step<String, String> again = machine.request("/f", RequestView.GET, stored, T0 + 110_000, "r3");
        ResponseHead error = machine.head(503, ResponseHeadTest.headers(null));
        assertEquals(CacheStatus.STALE, machine.answered(again, new Answer.Full(error, error.headers(), 10, 0), T0, T0 + 110_000).status());
    }

    @Test
    void withoutStaleIfErrorTheFailureReachesEveryWaiter() {
        Stored stored = machine.answered(machine.request("/g", RequestView.GET, null, T0, "r"),
                full(head("max-age=60, stale-if-error=300, must-revalidate"), 1), T0, T0).store();
        Step<String, String> validate = machine.request("/g", RequestView.GET, stored, T0 + 100_000, "r1");
        machine.request("/g", RequestView.GET, stored, T0 + 100_001, "r2");
        Outcome<String, String> done = machine.answered(validate, new Answer.Failed(false), T0 + 100_000, T0 + 100_010);
        assertEquals(CacheStatus.BYPASS, done.status()); // §5.2.2.2: must-revalidate forbids stale on error
        assertEquals(502, done.errorStatus());
        assertEquals(502, done.waiters().get(0).errorStatus());
    }

    @Test
    void noStoreIsPassedThroughAndWaitersFetchAlone() {
        Step<String, String> leader = machine.request("/api", RequestView.GET, null, T0, "r1");
        machine.request("/api", RequestView.GET, null, T0 + 1, "r2");
        Outcome<String, String> done = machine.answered(leader, full(head("no-store"), 1), T0, T0 + 30);
        assertEquals(CacheStatus.BYPASS, done.status());
        assertEquals(NoCacheReason.NO_STORE, done.why());
        assertNull(done.store());
        Outcome.Waiter<String, String> w = done.waiters().get(0);
        assertEquals(CacheStatus.MISS, w.status());
        assertEquals(Step.Kind.FETCH, w.alone().kind());
        assertNull(w.alone().flight(), "a waiter sent alone is not coalesced again");
        assertEquals(CacheStatus.BYPASS, machine.answered(w.alone(), full(head("no-store"), 1), T0 + 30, T0 + 60).status());
        // remembered as not storable: later requests go alone instead of queueing behind each other
        Step<String, String> later = machine.request("/api", RequestView.GET, null, T0 + 1000, "r3");
        assertEquals(Step.Kind.FETCH, later.kind());
        assertNull(later.flight());
        assertEquals(Step.Kind.FETCH, machine.request("/api", RequestView.GET, null, T0 + 1001, "r4").kind());
        // once the memory runs out they coalesce again; a storable answer ends it at once
        Step<String, String> after = machine.request("/api", RequestView.GET, null, T0 + 61_000, "r5");
        assertNotNull(after.flight());
        machine.answered(after, full(head("max-age=60"), 2), T0 + 61_000, T0 + 61_010);
        assertEquals(Step.Kind.FETCH, machine.request("/api", RequestView.GET, null, T0 + 61_020, "r6").kind());
        assertEquals(Step.Kind.WAIT, machine.request("/api", RequestView.GET, null, T0 + 61_021, "r7").kind());
    }

    @Test
    void otherMethodsPassAndSuccessfulOnesInvalidate() {
        RequestView post = RequestView.of("POST", Headers.NONE);
        Step<String, String> step = machine.request("/h", post, null, T0, "r");
        assertEquals(Step.Kind.PASS, step.kind());
        assertTrue(machine.answered(step, full(head(null), 0), T0, T0).invalidate()); // §4.4
        ResponseHead notFound = machine.head(404, ResponseHeadTest.headers(null));
        assertFalse(machine.answered(step, new Answer.Full(notFound, notFound.headers(), 0, 0), T0, T0).invalidate());
    }

    @Test
    void anAnswerWhoseBodyStillStreamsKeepsTheFetchOpenUntilReleased() {
        Step<String, String> leader = machine.request("/s", RequestView.GET, null, T0, "r1");
        machine.request("/s", RequestView.GET, null, T0 + 1, "r2");
        Outcome<String, String> head = machine.answeredHead(leader, full(head("max-age=60"), 1), T0, T0 + 10);
        assertEquals(CacheStatus.MISS, head.status());
        assertTrue(head.waiters().isEmpty());
        assertEquals(1, machine.inFlight(), "the body is still coming: the key's fetch is not over");
        assertEquals(Step.Kind.WAIT, machine.request("/s", RequestView.GET, null, T0 + 20, "r3").kind(), "a request meanwhile waits for it");
        List<Outcome.Waiter<String, String>> waiters = machine.release(leader, head);
        assertEquals(List.of("r2", "r3"), waiters.stream().map(Outcome.Waiter::who).toList());
        waiters.forEach(w -> assertEquals(CacheStatus.COLLAPSED, w.status()));
        assertEquals(0, machine.inFlight());
        Step<String, String> alone = machine.alone("/s", RequestView.GET);
        assertEquals(Step.Kind.FETCH, alone.kind());
        assertNull(alone.flight(), "a request that stopped waiting fetches outside any flight");
    }

    @Test
    void staleIfUnreachableServesTheStoredCopyOnlyWhenTheUpstreamCannotBeReached() {
        CacheMachine<String, String> cut = new CacheMachine<>(new CacheMachine.Settings(3600, -1, true, 0, 600));
        Stored stored = cut.answered(cut.request("/u", RequestView.GET, null, T0, "r"), full(head("max-age=10"), 1), T0, T0).store();
        Step<String, String> validate = cut.request("/u", RequestView.GET, stored, T0 + 100_000, "r1");
        Outcome<String, String> down = cut.answered(validate, new Answer.Failed(false, true), T0 + 100_000, T0 + 100_010);
        assertEquals(CacheStatus.STALE, down.status()); // §4.2.4: disconnected
        assertTrue(down.unreachable());
        assertSame(stored, down.serve());
        Step<String, String> again = cut.request("/u", RequestView.GET, stored, T0 + 200_000, "r2");
        assertEquals(502, cut.answered(again, new Answer.Failed(false, false), T0, T0 + 200_000).errorStatus(), "a bad answer is not disconnection");
        Step<String, String> late = cut.request("/u", RequestView.GET, stored, T0 + 700_000, "r3");
        assertEquals(502, cut.answered(late, new Answer.Failed(false, true), T0, T0 + 700_000).errorStatus(), "beyond the setting's bound");
        Stored strict = cut.answered(cut.request("/m", RequestView.GET, null, T0, "r"), full(head("max-age=10, must-revalidate"), 1), T0, T0).store();
        Step<String, String> mustRevalidate = cut.request("/m", RequestView.GET, strict, T0 + 20_000, "r4");
        assertEquals(CacheStatus.BYPASS, cut.answered(mustRevalidate, new Answer.Failed(false, true), T0, T0 + 20_000).status()); // §5.2.2.2
    }

    @Test
    void aFillingCacheFetchesHeadAndConditionalMissesAsGetsAndStoresThem() {
        RequestView head = RequestView.filling("HEAD", Headers.NONE);
        Step<String, String> fill = machine.request("/hd", head, null, T0, "r");
        assertEquals(Step.Kind.FETCH, fill.kind());
        assertEquals("GET", fill.request().method());
        assertNotNull(machine.answered(fill, full(head("max-age=60"), 1), T0, T0).store());
        RequestView conditional = RequestView.filling("GET", n -> n.equals("If-None-Match") ? "\"x\"" : null);
        assertTrue(conditional.plain(), "preconditions are the cache's to answer; the rules for the stored response do not change");
        assertEquals(Step.Kind.FETCH, machine.request("/cd", conditional, null, T0, "r").kind());
        assertEquals(Step.Kind.PASS, machine.request("/rg", RequestView.filling("GET", n -> n.equals("Range") ? "bytes=0-1" : null), null, T0, "r")
                .kind(), "a part is not the object");
        assertEquals(Step.Kind.PASS, machine.request("/p", RequestView.filling("POST", Headers.NONE), null, T0, "r").kind());
    }

    @Test
    void aHeadMadeForOneLookupAnswersAsTheRulesDo() {
        HeaderList headers = ResponseHeadTest.headers("max-age=60, stale-while-revalidate=30");
        ResponseHead known = ResponseHead.known(200, headers, 60, dev.popnet.core.http.CacheRules.responseDirectives(headers));
        for (long age : new long[] {0, 59, 60, 90, 91}) {
            Stored s = new Stored(known, T0, T0, 0, 10, 0);
            CacheStatus expected = age < 60 ? CacheStatus.HIT : age <= 90 ? CacheStatus.STALE : null;
            Step<String, String> step = machine.request("/k" + age, RequestView.GET, s, T0 + age * 1000, "r");
            assertEquals(expected, step.status(), "age " + age);
        }
    }

    @Test
    void headRangeAndConditionalMissesAreForwardedAsTheyAre() {
        assertEquals(Step.Kind.PASS, machine.request("/i", RequestView.of("HEAD", Headers.NONE), null, T0, "r").kind());
        assertEquals(Step.Kind.PASS, machine.request("/i", RequestView.of("GET", n -> n.equals("Range") ? "bytes=0-1" : null), null, T0, "r").kind());
        RequestView onlyIfCached = RequestView.of("GET", n -> n.equals("Cache-Control") ? "only-if-cached" : null);
        assertEquals(Step.Kind.REJECT, machine.request("/i", onlyIfCached, null, T0, "r").kind()); // §5.2.1.7
    }

    @Test
    void ageFromUpstreamCountsAgainstFreshness() {
        Step<String, String> step = machine.request("/j", RequestView.GET, null, T0, "r");
        ResponseHead h = head("max-age=100");
        Stored stored = machine.answered(step, new Answer.Full(h, n -> n.equalsIgnoreCase("Age") ? "90" : null, 10, 1), T0, T0 + 1000).store();
        // §4.2.3: corrected initial age = Age (90 s) + response delay (1 s)
        assertEquals(91, stored.ageSeconds(T0 + 1000));
        assertEquals(CacheStatus.HIT, machine.request("/j", RequestView.GET, stored, T0 + 9_000, "r").status());
        assertEquals(Step.Kind.REVALIDATE, machine.request("/j", RequestView.GET, stored, T0 + 10_000, "r").kind());
    }

    @Test
    void tooLargeBodiesAreNotStored() {
        Step<String, String> step = machine.request("/k", RequestView.GET, null, T0, "r");
        ResponseHead h = head("max-age=100");
        Outcome<String, String> done = machine.answered(step, new Answer.Full(h, h.headers(), 2_000_000, 1), T0, T0);
        assertNull(done.store());
        assertEquals(NoCacheReason.TOO_LARGE, done.why());
    }

    @Test
    void purgeSelectsByUrlPrefixAndSurrogateKey() {
        ResponseHead tagged = machine.head(200, ResponseHeadTest.headers("max-age=60", "Surrogate-Key", "news top-story"));
        assertTrue(new Purge(Purge.Kind.URL, "/news/1").matches("/news/1", tagged));
        assertFalse(new Purge(Purge.Kind.URL, "/news/1").matches("/news/10", tagged));
        assertTrue(new Purge(Purge.Kind.PREFIX, "/news/").matches("/news/10", tagged));
        assertTrue(new Purge(Purge.Kind.SURROGATE_KEY, "top-story").matches("/x", tagged));
        assertFalse(new Purge(Purge.Kind.SURROGATE_KEY, "top").matches("/x", tagged));
    }
    @ParameterizedTest
    @ValueSource(strings = {"max-age=60", "max-age=0", "max-age=60, stale-while-revalidate=30", "s-maxage=5, max-age=600",
        "no-cache, max-age=600", "public", "max-age=100, must-revalidate"})
    void plainFreshUntilIsWhereRequestStopsAnsweringHit(String cacheControl) {
        ResponseHead h = head(cacheControl);
        for (String age : new String[] {null, "0", "3", "59", "61", "5000"}) {
            Headers received = n -> n.equalsIgnoreCase("Age") ? age : null;
            Stored stored = machine.answered(machine.request("/fu", RequestView.GET, null, T0, "r"), new Answer.Full(h, received, 10, 1),
                    T0, T0 + 700).store();
            long until = CacheMachine.plainFreshUntil(stored);
            // the deadline, the milliseconds beside it and times all along agree with request()
            for (long now = T0; now < T0 + 700_000; now += 499) {
                for (long t : new long[] {now, until - 1, until, until + 1}) {
                    if (t < T0 || until == Long.MIN_VALUE && t != now) {
                        continue;
                    }
                    Step<String, String> step = machine.request("/fu", RequestView.GET, stored, t, "r");
                    boolean hit = step.kind() == Step.Kind.SERVE && step.status() == CacheStatus.HIT;
                    assertEquals(hit, t < until, cacheControl + ", Age " + age + ", at +" + (t - T0) + " ms (until " + (until - T0) + ")");
                    // close what it opened, so each request meets the same machine
                    if (step.goesUpstream()) {
                        machine.answered(step, notModified(), t, t);
                    } else if (step.refresh() != null) {
                        machine.answered(step.refresh(), notModified(), t, t);
                    }
                }
            }
        }
    }
}
