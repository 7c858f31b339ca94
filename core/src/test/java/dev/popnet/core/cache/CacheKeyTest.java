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
            EXAMPLE.com:80  | /a/b?y=2&x=1&y=2            | http://example.com/a/b?y=2&x=1&y=2
            example.com.    | /%7Euser/%2fx               | http://example.com/~user/%2Fx
            example.com     | /a?utm_source=z&q=1         | http://example.com/a?q=1
            example.com     | /a?utm_%73ource=z&q=1       | http://example.com/a?q=1
            example.com:8080| /                           | http://example.com:8080/
            example.com     | ?                           | http://example.com/?
            example.com     | /%61pi/secret.json          | http://example.com/api/secret.json
            example.com     | /a/./b/../c                 | http://example.com/a/c
            example.com     | /home?utm_source=x;status=404;cc=public | http://example.com/home?status=404;cc=public
            example.com     | /home?status=404;utm_source=x&cc=public | http://example.com/home?status=404&cc=public
            """)
    void normalises(String host, String target, String expected) {
        assertEquals(expected, CacheKey.of("http", host, target, Set.of("utm_source"), false).value());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Example.COM.:80   | example.com
            example.com:8080  | example.com:8080
            [::1]:80          | [::1]
            a b               | null
            evil.test/x       | null
            host:port         | null
            """)
    void hosts(String host, String expected) {
        assertEquals("null".equals(expected) ? null : expected, CacheKey.normaliseHost("http", host));
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
