package dev.popnet.core.cache.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.popnet.core.http.CacheRules;
import dev.popnet.core.http.HeaderList;
import dev.popnet.core.http.Headers;
import dev.popnet.core.http.NoCacheReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The steps a head finds for plain requests are CacheRules.use's answers, at every age. */
class ResponseHeadTest {
    static HeaderList headers(String cacheControl, String... more) {
        List<HeaderList.Field> fields = new ArrayList<>();
        if (cacheControl != null) {
            fields.add(new HeaderList.Field("Cache-Control", cacheControl));
        }
        for (int i = 0; i < more.length; i += 2) {
            fields.add(new HeaderList.Field(more[i], more[i + 1]));
        }
        return new HeaderList(fields);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "public, max-age=300",                                   // §4.2: fresh, then validate
        "max-age=60, stale-while-revalidate=30",                 // RFC 5861 §3
        "max-age=60, stale-while-revalidate=30, must-revalidate", // §5.2.2.2: never stale
        "s-maxage=10, max-age=600, stale-while-revalidate=100",  // §5.2.2.10: s-maxage forbids stale
        "no-cache, max-age=600",                                 // §5.2.2.4: always validate
        "max-age=0, stale-while-revalidate=5",
        "max-age=1000000, stale-while-revalidate=1000000",
        "public",                                                // no lifetime: validate at once
        "max-age=notanumber, stale-while-revalidate=7",          // §1.2.2: invalid values ignored
    })
    void plainUseMatchesCacheRulesAtEveryAge(String cacheControl) {
        HeaderList h = headers(cacheControl);
        ResponseHead head = ResponseHead.of(200, h, 3600);
        long lifetime = CacheRules.freshnessLifetime(h, 200, 3600);
        assertEquals(lifetime, head.lifetimeSeconds());
        for (long age : ages(lifetime)) {
            assertEquals(CacheRules.use(Headers.NONE, h, age, lifetime), head.use(RequestView.GET, age), cacheControl + " at age " + age);
        }
    }

    private static List<Long> ages(long lifetime) {
        List<Long> ages = new ArrayList<>();
        for (long a = 0; a < 3000; a++) {
            ages.add(a);
        }
        for (long a : new long[] {lifetime - 1, lifetime, lifetime + 1, 999_999, 1_000_000, 1_999_999, 2_000_000, 2_000_001, Integer.MAX_VALUE}) {
            if (a >= 0) {
                ages.add(a);
            }
        }
        return ages;
    }

    @ParameterizedTest
    @ValueSource(strings = {"public, max-age=60", "no-store", "private, max-age=60", "max-age=60"})
    void plainStorabilityIsCacheRules(String cacheControl) {
        HeaderList h = headers(cacheControl);
        ResponseHead head = ResponseHead.of(200, h, 3600);
        assertEquals(CacheRules.storability("GET", Headers.NONE, 200, h, 100, 1000), head.storability(RequestView.GET, 100, 1000));
        assertEquals(CacheRules.storability("GET", Headers.NONE, 200, h, 5000, 1000), head.storability(RequestView.GET, 5000, 1000));
    }

    @org.junit.jupiter.api.Test
    void requestDirectivesAskCacheRulesEachTime() {
        HeaderList h = headers("max-age=60, stale-while-revalidate=30");
        ResponseHead head = ResponseHead.of(200, h, 3600);
        RequestView noCache = RequestView.of("GET", name -> name.equalsIgnoreCase("Cache-Control") ? "no-cache" : null);
        assertEquals(CacheRules.Use.VALIDATE, head.use(noCache, 0)); // §5.2.1.4
        RequestView maxStale = RequestView.of("GET", name -> name.equalsIgnoreCase("Cache-Control") ? "max-stale=1000" : null);
        assertEquals(CacheRules.Use.STALE_ACCEPTED, head.use(maxStale, 500)); // §5.2.1.2
        RequestView auth = RequestView.of("GET", name -> name.equalsIgnoreCase("Authorization") ? "Bearer x" : null);
        assertEquals(NoCacheReason.AUTHORIZATION, head.storability(auth, 10, -1)); // §3.5
        assertNull(head.storability(RequestView.GET, 10, -1));
    }
}
