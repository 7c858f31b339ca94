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
 * One stored response (one variant of one URL): status, header fields, body, when it was asked for and
 * received, and what RFC 9111 derives from those once: its corrected initial age (§4.2.3), its
 * freshness lifetime (§4.2.1), its governing directives and Last-Modified, so a hit parses no headers.
 *
 * <p>The header fields are not kept as strings: {@code bytes} holds them serialised ({@link HeadBytes},
 * {@code headLength} bytes) followed by the body, on the heap as received and in direct memory once
 * stored, so a stored object leaves only this record and its keys on the Java heap. The fields are
 * decoded when something needs them (a revalidation, a disk write, a purge's bookkeeping), and a hit's
 * serialised fields ({@link StoredHead}) come from {@link DecodedHeads}. A large object read from the
 * disk tier leaves its body in its {@code file} (then {@code bytes} holds the head alone).
 *
 * @param headWeight what the header fields count towards {@link #weight()}, worked out once from them
 */
record StoredObject(String primaryKey, String varyKey, int status, Buffer bytes, int headLength, FileBody file, long requestTime,
        long responseTime, long initialAgeMillis, long lifetimeSeconds, CacheControl directives, long lastModified, int headWeight)
        implements Storable {

    static StoredObject of(String primaryKey, String varyKey, int status, HeaderList headers, Buffer body, long requestTime,
            long responseTime, long heuristicCapSeconds) {
        return withHead(primaryKey, varyKey, status, headers, body, requestTime, responseTime,
                CacheRules.correctedInitialAgeMillis(headers, requestTime, responseTime),
                CacheRules.freshnessLifetime(headers, status, heuristicCapSeconds));
    }

    /**
     * A response the decision machine has just judged storable: its times, corrected initial age and
     * lifetime as the machine worked them out from the same header fields, not worked out again.
     */
    static StoredObject judged(String primaryKey, String varyKey, int status, HeaderList headers, Buffer body, Stored judged) {
        return withHead(primaryKey, varyKey, status, headers, body, judged.requestTime(), judged.responseTime(), judged.initialAgeMillis(),
                judged.head().lifetimeSeconds());
    }

    private static StoredObject withHead(String primaryKey, String varyKey, int status, HeaderList headers, Buffer body, long requestTime,
            long responseTime, long initialAgeMillis, long lifetimeSeconds) {
        Buffer head = HeadBytes.of(headers);
        int headLength = head.length();
        Buffer bytes = body.length() == 0 ? head : head.appendBuffer(body);
        return new StoredObject(primaryKey, varyKey, status, bytes, headLength, null, requestTime, responseTime, initialAgeMillis,
                lifetimeSeconds, LastDirectives.of(headers), HttpDates.parse(headers.get("Last-Modified")), headWeight(headers));
    }

    private static int headWeight(HeaderList headers) {
        int h = 64;
        for (HeaderList.Field f : headers.fields()) {
            h += f.name().length() + f.value().length() + 32;
        }
        return h;
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

    /** The stored header fields, decoded from their bytes (a new list each time: keep it only as long as it is used). */
    HeaderList headers() {
        return HeadBytes.decode(bytes, headLength);
    }

    /** The fields as hits send them. */
    StoredHead head() {
        return DecodedHeads.of(bytes, headLength);
    }

    /** §4.2.3 current_age at {@code nowMillis}, in seconds. */
    long ageSeconds(long nowMillis) {
        return (initialAgeMillis + Math.max(0, nowMillis - responseTime)) / 1000;
    }

    long bodyLength() {
        return file == null ? bytes.length() - headLength : file.length();
    }

    /** The body's bytes, copied to the heap. */
    byte[] bodyArray() {
        return bytes.getBytes(headLength, bytes.length());
    }

    /** What the object costs in memory, for the byte bound: body plus an estimate for headers and bookkeeping. */
    @Override
    public long weight() {
        return bodyLength() + headWeight + primaryKey.length() + varyKey.length();
    }

    @Override
    public String vary() {
        String vary = headers().list("Vary");
        return vary == null ? "" : vary;
    }

    /** Surrogate-Key lists tags separated by spaces (every line of it: the tags are a list). */
    @Override
    public List<String> surrogateKeys() {
        String keys = headers().list("Surrogate-Key");
        return keys == null || keys.isBlank() ? List.of() : List.of(keys.strip().split("[\\s,]+")).stream().distinct().toList();
    }

    /** The same response made stale (a soft purge): the next request revalidates it, or serves it stale where allowed. */
    StoredObject expired() {
        return new StoredObject(primaryKey, varyKey, status, bytes, headLength, file, requestTime, responseTime, initialAgeMillis, 0,
                directives, lastModified, headWeight);
    }

    /** The same response with its body (on the heap), once all of it has arrived. */
    StoredObject withBody(Buffer b) {
        Buffer joined = Buffer.buffer(headLength + b.length()).appendBuffer(bytes, 0, headLength).appendBuffer(b);
        return withBytes(joined);
    }

    /** The same response with its head and body in {@code b} (a copy of {@link #bytes()}, e.g. in direct memory). */
    StoredObject withBytes(Buffer b) {
        return new StoredObject(primaryKey, varyKey, status, b, headLength, null, requestTime, responseTime, initialAgeMillis, lifetimeSeconds,
                directives, lastModified, headWeight);
    }

    /** The same response with its body left in a disk-tier file. */
    StoredObject withFile(FileBody f) {
        return new StoredObject(primaryKey, varyKey, status, bytes.slice(0, headLength), headLength, f, requestTime, responseTime,
                initialAgeMillis, lifetimeSeconds, directives, lastModified, headWeight);
    }

    /**
     * The same response with its head and body on the heap, for a writer that reads it later on another
     * thread (the disk tier's) or to store again what was read from a file; null when its direct memory or
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
        if (!OffHeap.holds(bytes)) {
            return this;
        }
        ByteBuf held = OffHeap.retainedSlice(bytes, 0, bytes.length());
        if (held == null) {
            return null;
        }
        try {
            return withBytes(Buffer.buffer(ByteBufUtil.getBytes(held)));
        } finally {
            held.release();
        }
    }

    /**
     * After a 304 (§4.3.4): the stored body with the freshened headers and new times, on the heap (or
     * still in its file); null when the body's direct memory is already gone.
     */
    StoredObject freshened(HeaderList newHeaders, long newRequestTime, long newResponseTime, long heuristicCapSeconds) {
        if (file != null) {
            return of(primaryKey, varyKey, status, newHeaders, Buffer.buffer(), newRequestTime, newResponseTime, heuristicCapSeconds)
                    .withFile(file);
        }
        StoredObject body = onHeap();
        if (body == null) {
            return null;
        }
        return of(primaryKey, varyKey, status, newHeaders, body.bytes.slice(headLength, body.bytes.length()), newRequestTime,
                newResponseTime, heuristicCapSeconds);
    }
}
