package dev.popnet.core.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Collapses concurrent work on one key: the first caller (the leader) starts it, callers arriving while
 * it runs get the same future. The entry is gone as soon as the work completes, so the next caller
 * starts afresh. Waiting is bounded by the caller ({@code orTimeout}).
 */
public final class Coalescer<K, V> {
    private final ConcurrentHashMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

    /** A caller's view: the shared future, and whether this caller started the work. */
    public record Join<V>(CompletableFuture<V> future, boolean leader) {
    }

    public Join<V> join(K key, Supplier<CompletableFuture<V>> work) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> existing = inFlight.putIfAbsent(key, mine);
        if (existing != null) {
            return new Join<>(existing, false);
        }
        try {
            work.get().whenComplete((v, e) -> {
                inFlight.remove(key, mine);
                if (e != null) {
                    mine.completeExceptionally(e);
                } else {
                    mine.complete(v);
                }
            });
        } catch (RuntimeException e) {
            inFlight.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return new Join<>(mine, true);
    }

    /** Keys with work in flight. */
    public int inFlight() {
        return inFlight.size();
    }
}
