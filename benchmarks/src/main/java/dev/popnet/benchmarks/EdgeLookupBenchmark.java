package dev.popnet.benchmarks;

import dev.popnet.core.cache.CacheKey;
import dev.popnet.core.http.CacheRules;
import dev.popnet.core.http.HeaderList;
import dev.popnet.core.http.Headers;
import dev.popnet.core.http.HttpDates;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The per-request work of an edge hit outside the network: build the cache key from Host and target,
 * then decide from the stored headers whether the entry is fresh (age, lifetime, request directives).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EdgeLookupBenchmark {
    private final long now = HttpDates.parse("Sun, 01 Nov 2026 00:00:30 GMT");
    private final HeaderList stored = new HeaderList(List.of(
            new HeaderList.Field("Date", "Sun, 01 Nov 2026 00:00:00 GMT"),
            new HeaderList.Field("Cache-Control", "public, max-age=60, stale-while-revalidate=30"),
            new HeaderList.Field("ETag", "\"abc123\""),
            new HeaderList.Field("Last-Modified", "Thu, 01 Oct 2026 00:00:00 GMT"),
            new HeaderList.Field("Content-Type", "image/webp")));
    private final Headers request = name -> name.equalsIgnoreCase("Accept") ? "image/webp,*/*" : null;
    private final Set<String> ignored = Set.of("utm_source");

    @Benchmark
    public long cacheKey() {
        return CacheKey.of("http", "www.example.com", "/img/logo.webp?w=200&utm_source=x&h=100", ignored, false).id();
    }

    @Benchmark
    public CacheRules.Use freshnessDecision() {
        long age = CacheRules.currentAge(stored, now - 31_000, now - 30_000, now);
        long lifetime = CacheRules.freshnessLifetime(stored, 200, 86_400);
        return CacheRules.use(request, stored, age, lifetime);
    }
}
