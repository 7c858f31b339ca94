package dev.popnet.benchmarks;

import dev.popnet.edge.store.MemoryTier;
import dev.popnet.edge.store.Storable;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The edge's memory tier outside the network. {@code hit}: lookups of 10,000 hot keys (run with
 * {@code -t 1} and {@code -t 2} to see how hits scale across threads, with 1 shard and with the sharded
 * store). The purges run against 1M stored objects: one URL, a prefix of 10 objects, a surrogate key of
 * 10 objects, each put back after it is purged so the store stays at 1M (the figures include that put); and, for
 * contrast, the URL purge done by scanning every object. Run: {@code java -jar benchmarks/target/benchmarks.jar
 * MemoryTierBenchmark.purge -f 1 -wi 2 -w 2s -i 3 -r 2s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MemoryTierBenchmark {
    /** A stored object as the tier sees it: 100 bytes, tagged with its group of ten. */
    record Item(String primaryKey, String varyKey, String vary, long weight, List<String> surrogateKeys) implements Storable {
        static Item of(int i) {
            return new Item("http://bench.test/g" + (i / 10) + "/" + i, "", "", 100, List.of("g" + (i / 10)));
        }
    }

    private static MemoryTier<Item> filled(int objects, int shards) {
        MemoryTier<Item> tier = new MemoryTier<>("lru", objects * 200L, shards, () -> 0, o -> o, o -> { });
        for (int i = 0; i < objects; i++) {
            tier.put(Item.of(i));
        }
        return tier;
    }

    @State(Scope.Benchmark)
    public static class Hot {
        @Param({"1", "64"})
        int shards;
        MemoryTier<Item> tier;
        String[] keys;

        @Setup(Level.Trial)
        public void fill() {
            tier = filled(10_000, shards);
            keys = new String[10_000];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = Item.of(i).primaryKey();
            }
        }
    }

    @Benchmark
    public Item hit(Hot s) {
        return s.tier.lookup(s.keys[ThreadLocalRandom.current().nextInt(s.keys.length)], vary -> "");
    }

    @State(Scope.Benchmark)
    public static class Million {
        MemoryTier<Item> tier;

        @Setup(Level.Trial)
        public void fill() {
            tier = filled(1_000_000, 64);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int purgeUrl(Million s) {
        int i = ThreadLocalRandom.current().nextInt(1_000_000);
        Item it = Item.of(i);
        int n = s.tier.purgeUrl(it.primaryKey(), k -> true, false);
        s.tier.put(it);
        return n;
    }

    /** For contrast, in the same run: the one-URL purge as a scan of every stored object does it (what the index saves). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int purgeUrlByScan(Million s) {
        Item it = Item.of(ThreadLocalRandom.current().nextInt(1_000_000));
        String key = it.primaryKey();
        int n = s.tier.purgeMatching(o -> o.primaryKey().equals(key));
        s.tier.put(it);
        return n;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int purgePrefixOfTen(Million s) {
        int g = ThreadLocalRandom.current().nextInt(100_000);
        int n = s.tier.purgePrefix("/g" + g + "/", k -> true, false);
        for (int i = g * 10; i < g * 10 + 10; i++) {
            s.tier.put(Item.of(i));
        }
        return n;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int purgeSurrogateKeyOfTen(Million s) {
        int g = ThreadLocalRandom.current().nextInt(100_000);
        int n = s.tier.purgeSurrogateKey("g" + g, k -> true, false);
        for (int i = g * 10; i < g * 10 + 10; i++) {
            s.tier.put(Item.of(i));
        }
        return n;
    }
}
