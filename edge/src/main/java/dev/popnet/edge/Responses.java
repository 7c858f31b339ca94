package dev.popnet.edge;

import dev.popnet.core.http.ByteRange;
import dev.popnet.core.http.CacheStatus;
import dev.popnet.core.http.CacheStatusHeader;
import dev.popnet.core.http.HeaderList;
import dev.popnet.core.http.Headers;
import dev.popnet.core.http.HttpDates;
import dev.popnet.core.http.NoCacheReason;
import dev.popnet.core.http.Preconditions;
import dev.popnet.edge.store.FileBody;
import dev.popnet.edge.store.OffHeap;
import dev.popnet.edge.upstream.UpstreamException;
import dev.popnet.edge.upstream.UpstreamResponse;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/** Everything the edge writes to clients: stored objects (with conditionals and ranges), relayed heads and bodies, errors. */
final class Responses {
    // field names as clients most often see them written
    private static final AsciiString AGE = AsciiString.cached("Age");
    private static final AsciiString DATE = AsciiString.cached("Date");
    private static final AsciiString ACCEPT_RANGES = AsciiString.cached("Accept-Ranges");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    private static final AsciiString BYTES = AsciiString.cached("bytes");

    private Responses() {
    }

    /**
     * Answers from a stored object; returns the body bytes sent. {@code detail} goes into Cache-Status
     * (why a stale response was served), or null.
     */
    static long fromStore(HttpServerRequest request, StoredObject o, CacheStatus status, long ageSeconds, long ttlSeconds, int fwdStatus,
            String node, long nowMillis, String detail) {
        HttpServerResponse response = request.response();
        String cacheStatus = CacheStatusHeader.format(node, status, ttlSeconds, fwdStatus, false, null);
        StoredHead head = o.head();
        head.addTo(response.headers(), node, detail == null ? cacheStatus : cacheStatus + "; detail=" + detail);
        response.putHeader(AGE, String.valueOf(Math.max(0, ageSeconds)));
        if (!head.dated()) {
            response.putHeader(DATE, HttpDates.format(nowMillis));
        }
        Headers asked = Headers.ofLines(request.headers()::get, request.headers()::getAll);
        String etag = head.etag();
        long lastModified = o.lastModified();
        if (o.status() == 200) {
            switch (Preconditions.evaluate(asked, etag, lastModified, true)) {
                case NOT_MODIFIED -> {
                    stripRepresentation(response);
                    response.setStatusCode(304).end();
                    return 0;
                }
                case PRECONDITION_FAILED -> {
                    stripRepresentation(response);
                    response.setStatusCode(412).end();
                    return 0;
                }
                default -> {
                    // serve the body
                }
            }
        }
        Buffer bytes = o.bytes();
        int at = o.headLength();
        ByteRange range = o.status() == 200 && Preconditions.rangeApplies(asked, etag, lastModified)
                ? ByteRange.parse(request.getHeader("Range"), o.bodyLength()) : ByteRange.full(o.bodyLength());
        response.setStatusCode(o.status());
        if (o.status() == 200) {
            response.putHeader(ACCEPT_RANGES, BYTES);
        }
        if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
            response.setStatusCode(416).putHeader("Content-Range", range.contentRange()).putHeader("Content-Length", "0").end();
            return 0;
        }
        long first = 0;
        long length = o.bodyLength();
        if (range.kind() == ByteRange.Kind.PARTIAL) {
            response.setStatusCode(206).putHeader("Content-Range", range.contentRange());
            first = range.first();
            length = range.last() + 1 - range.first();
        }
        if (o.status() == 204 || o.status() == 304) {
            response.end();
            return 0;
        }
        response.putHeader(CONTENT_LENGTH, String.valueOf(length));
        if (request.method() == HttpMethod.HEAD) {
            response.end();
            return 0;
        }
        if (o.file() != null) {
            return fromFile(response, o.file(), first, length, node);
        }
        if (!OffHeap.holds(bytes)) {
            response.end(bytes.slice(at + (int) first, at + (int) (first + length)));
            return length;
        }
        // The socket is written from the stored direct memory itself; this send's own reference keeps it
        // readable (an eviction meanwhile only drops the store's) until the bytes are written.
        ByteBuf sending = OffHeap.retainedSlice(bytes, at + (int) first, (int) length);
        if (sending == null) {
            error(response, 503, "the stored response was evicted while this request waited for the origin; retry", node);
            return 0;
        }
        response.end(BufferInternal.buffer(sending)).onComplete(done -> sending.release());
        return length;
    }

    /**
     * A body (or part of it) sent from its disk-tier file: the kernel copies it from the page cache to the
     * socket where it can (sendfile), and nothing is read into memory whole. An open file stays readable if
     * eviction deletes it meanwhile.
     */
    private static long fromFile(HttpServerResponse response, FileBody file, long first, long length, String node) {
        FileChannel ch;
        try {
            ch = FileChannel.open(file.file(), StandardOpenOption.READ);
        } catch (IOException gone) {
            error(response, 503, "the stored response was evicted from disk as it was read; retry", node);
            return 0;
        }
        response.sendFile(ch, file.offset() + first, length).onComplete(done -> {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing was written through it
            }
        });
        return length;
    }

    /** Status line and headers of a response relayed from upstream (its own Age stays unless the caller sets one). */
    static void relayHead(HttpServerResponse response, int status, HeaderList headers, String node, String cacheStatus) {
        response.setStatusCode(status);
        head(response, headers, node, cacheStatus);
    }

    private static void head(HttpServerResponse response, HeaderList headers, String node, String cacheStatus) {
        for (HeaderList.Field f : headers.fields()) {
            if (StoredHead.sentAsIs(f.name())) {
                response.headers().add(f.name(), f.value());
            }
        }
        String via = headers.list("Via");
        response.putHeader("Via", (via == null ? "" : via + ", ") + "1.1 " + node);
        String upstream = headers.list("Cache-Status");
        response.putHeader("Cache-Status", upstream == null ? cacheStatus : upstream + ", " + cacheStatus);
    }

    /** A 304/412 carries no representation metadata of the body. */
    static void stripRepresentation(HttpServerResponse response) {
        response.headers().remove("Content-Length").remove("Content-Type").remove("Content-Encoding").remove("Accept-Ranges");
    }

    /**
     * Streams an upstream body to the client at the client's pace; a body cut short resets the client's
     * connection, so a truncated response never looks complete.
     */
    static Future<Void> pump(UpstreamResponse resp, HttpServerResponse out, EdgeStats stats) {
        Promise<Void> done = Promise.promise();
        out.closeHandler(v -> {
            resp.discard();
            done.tryComplete();
        });
        resp.handler(chunk -> {
            stats.bytesIn.add(chunk.length());
            out.write(chunk);
            if (out.writeQueueFull()) {
                resp.pause();
                out.drainHandler(v -> resp.resume());
            }
        });
        resp.exceptionHandler(e -> {
            stats.originErrors.increment();
            out.reset();
            done.tryComplete();
        });
        resp.endHandler(v -> {
            if (!out.ended() && !out.closed()) {
                out.end();
            }
            done.tryComplete();
        });
        resp.resume();
        return done.future();
    }

    /** 504 when the upstream timed out, 502 when it could not be reached or answered badly. */
    static void upstreamError(HttpServerResponse response, Throwable cause, String node) {
        boolean timeout = cause instanceof UpstreamException u && u.kind() == UpstreamException.Kind.TIMEOUT;
        error(response, timeout ? 504 : 502, (timeout ? "origin timed out: " : "origin unreachable: ") + cause.getMessage(), node);
    }

    /** The one way the edge renders its own errors. */
    static void error(HttpServerResponse response, int status, String message, String node) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        String connection = response.headers().get("Connection");
        response.headers().clear();
        if (connection != null) {
            response.putHeader("Connection", connection);
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("Cache-Status", CacheStatusHeader.format(node, CacheStatus.BYPASS, Long.MIN_VALUE, 0, false, null))
                .end(status + " " + HttpResponseStatus.valueOf(status).reasonPhrase() + ": " + message + "\n");
    }

    static String bypass(String node, int fwdStatus, NoCacheReason why) {
        return CacheStatusHeader.format(node, CacheStatus.BYPASS, Long.MIN_VALUE, fwdStatus, false, why);
    }
}
