package dev.popnet.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheKeyTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            EXAMPLE.com:80  | /a/b?y=2&x=1      | http://example.com/a/b?x=1&y=2
            example.com.    | /%7Euser/%2fx     | http://example.com/~user/%2Fx
            example.com     | /a?utm_source=z&q=1 | http://example.com/a?q=1
            example.com:8080| /                 | http://example.com:8080/
            example.com     | ?                 | http://example.com/
            """)
    void normalises(String host, String target, String expected) {
        assertEquals(expected, CacheKey.of("http", host, target, Set.of("utm_source"), false).value());
    }

    @Test
    void ignoringAllQueryParametersAndIds() {
        CacheKey a = CacheKey.of("http", "h", "/x?v=1", Set.of(), true);
        assertEquals("http://h/x", a.value());
        assertEquals(a.id(), CacheKey.of("HTTP", "H", "/x?v=2", Set.of(), true).id());
        assertNotEquals(a.id(), CacheKey.of("http", "h", "/y", Set.of(), true).id());
        assertEquals("/x", a.pathAndQuery());
    }

    @Test
    void coalescerRunsWorkOncePerKeyWhileInFlight() {
        Coalescer<String, Integer> c = new Coalescer<>();
        AtomicInteger started = new AtomicInteger();
        CompletableFuture<Integer> work = new CompletableFuture<>();
        Coalescer.Join<Integer> first = c.join("k", () -> {
            started.incrementAndGet();
            return work;
        });
        Coalescer.Join<Integer> second = c.join("k", () -> {
            started.incrementAndGet();
            return new CompletableFuture<>();
        });
        assertTrue(first.leader());
        assertTrue(!second.leader());
        assertEquals(1, started.get());
        work.complete(42);
        assertEquals(42, second.future().join());
        assertEquals(0, c.inFlight());
        assertTrue(c.join("k", () -> CompletableFuture.completedFuture(1)).leader(), "a new leader once done");
    }
}
