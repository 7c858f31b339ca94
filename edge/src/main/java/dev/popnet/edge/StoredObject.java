package dev.popnet.edge;

import dev.popnet.core.cache.decision.Stored;
import dev.popnet.core.http.CacheControl;
import dev.popnet.core.http.CacheRules;
import dev.popnet.core.http.HeaderList;
import dev.popnet.core.http.HttpDates;
import dev.popnet.edge.store.FileBody;
import dev.popnet.edge.store.OffHeap;
import dev.popnet.edge.store.Storable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Objects;

/**
 * One stored response (one variant of one URL): status, headers, body, when it was asked for and
 * received, and what RFC 9111 derives from those once: its corrected initial age (§4.2.3), its
 * freshness lifetime (§4.2.1), its governing directives and Last-Modified, so a hit parses no headers;
 * and its header fields serialised as hits send them ({@link StoredHead}).
 * The body is in {@code body} (on the heap as received, in direct memory once stored), or, for a large
 * object read from the disk tier, left in its {@code file} (then {@code body} is empty).
 */
record StoredObject(String primaryKey, String varyKey, int status, HeaderList headers, Buffer body, FileBody file, long requestTime,
        long responseTime, long initialAgeMillis, long lifetimeSeconds, CacheControl directives, long lastModified, StoredHead head)
        implements Storable {

    static StoredObject of(String primaryKey, String varyKey, int status, HeaderList headers, Buffer body, long requestTime,
            long responseTime, long heuristicCapSeconds) {
        return new StoredObject(primaryKey, varyKey, status, headers, body, null, requestTime, responseTime,
                CacheRules.correctedInitialAgeMillis(headers, requestTime, responseTime),
                CacheRules.freshnessLifetime(headers, status, heuristicCapSeconds), LastDirectives.of(headers),
                HttpDates.parse(headers.get("Last-Modified")), StoredHead.of(headers));
    }

    /**
     * A response the decision machine has just judged storable: its times, corrected initial age and
     * lifetime as the machine worked them out from the same header fields, not worked out again.
     */
    static StoredObject judged(String primaryKey, String varyKey, int status, HeaderList headers, Buffer body, Stored judged) {
        return new StoredObject(primaryKey, varyKey, status, headers, body, null, judged.requestTime(), judged.responseTime(),
                judged.initialAgeMillis(), judged.head().lifetimeSeconds(), LastDirectives.of(headers),
                HttpDates.parse(headers.get("Last-Modified")), StoredHead.of(headers));
    }

    /**
     * The governing directives of the response stored last, given again to the next response with the
     * same Cache-Control and CDN-Cache-Control (an upstream sends most alike): objects stored one after
     * another then share one parsed copy instead of each keeping its own map. They are immutable; a race
     * on the memo at worst parses again.
     */
    private static final class LastDirectives {
        private record Memo(String targeted, String plain, CacheControl directives) {
        }

        private static volatile Memo last = new Memo(null, null, CacheControl.EMPTY);

        static CacheControl of(HeaderList headers) {
            String targeted = headers.list("CDN-Cache-Control");
            String plain = headers.list("Cache-Control");
            Memo m = last;
            if (Objects.equals(m.targeted(), targeted) && Objects.equals(m.plain(), plain)) {
                return m.directives();
            }
            CacheControl parsed = CacheRules.responseDirectives(headers);
            last = new Memo(targeted, plain, parsed);
            return parsed;
        }
    }

    /** §4.2.3 current_age at {@code nowMillis}, in seconds. */
    long ageSeconds(long nowMillis) {
        return (initialAgeMillis + Math.max(0, nowMillis - responseTime)) / 1000;
    }

    long bodyLength() {
        return file == null ? body.length() : file.length();
    }

    /** What the object costs in memory, for the byte bound: body plus an estimate for headers and bookkeeping. */
    @Override
    public long weight() {
        long h = 64;
        for (HeaderList.Field f : headers.fields()) {
            h += f.name().length() + f.value().length() + 32L;
        }
        return bodyLength() + h + primaryKey.length() + varyKey.length();
    }

    @Override
    public String vary() {
        String vary = headers.list("Vary");
        return vary == null ? "" : vary;
    }

    /** Surrogate-Key lists tags separated by spaces (every line of it: the tags are a list). */
    @Override
    public List<String> surrogateKeys() {
        String keys = headers.list("Surrogate-Key");
        return keys == null || keys.isBlank() ? List.of() : List.of(keys.strip().split("[\\s,]+")).stream().distinct().toList();
    }

    /** The same response made stale (a soft purge): the next request revalidates it, or serves it stale where allowed. */
    StoredObject expired() {
        return new StoredObject(primaryKey, varyKey, status, headers, body, file, requestTime, responseTime, initialAgeMillis, 0, directives,
                lastModified, head);
    }

    /** The same response with its body, once all of it has arrived. */
    StoredObject withBody(Buffer b) {
        return new StoredObject(primaryKey, varyKey, status, headers, b, null, requestTime, responseTime, initialAgeMillis, lifetimeSeconds,
                directives, lastModified, head);
    }

    /** The same response with its body left in a disk-tier file. */
    StoredObject withFile(FileBody f) {
        return new StoredObject(primaryKey, varyKey, status, headers, Buffer.buffer(), f, requestTime, responseTime, initialAgeMillis,
                lifetimeSeconds, directives, lastModified, head);
    }

    /**
     * The same response with its body on the heap, for a writer that reads it later on another thread
     * (the disk tier's) or to store again what was read from a file; null when its direct memory or
     * its file is already gone.
     */
    StoredObject onHeap() {
        if (file != null) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file.file())) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(Math.toIntExact(file.length()));
                while (b.hasRemaining() && ch.read(b, file.offset() + b.position()) >= 0) {
                    // until the body is read whole, or the file ends early
                }
                return b.hasRemaining() ? null : withBody(Buffer.buffer(b.array()));
            } catch (java.io.IOException gone) {
                return null;
            }
        }
        if (!OffHeap.holds(body)) {
            return this;
        }
        ByteBuf held = OffHeap.retainedSlice(body, 0, body.length());
        if (held == null) {
            return null;
        }
        try {
            return withBody(Buffer.buffer(ByteBufUtil.getBytes(held)));
        } finally {
            held.release();
        }
    }

    /** After a 304 (§4.3.4): the stored body with the freshened headers and new times. */
    StoredObject freshened(HeaderList newHeaders, long newRequestTime, long newResponseTime, long heuristicCapSeconds) {
        return of(primaryKey, varyKey, status, newHeaders, body, newRequestTime, newResponseTime, heuristicCapSeconds);
    }
}
