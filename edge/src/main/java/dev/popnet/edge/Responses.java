package dev.popnet.edge;

import dev.popnet.core.http.ByteRange;
import dev.popnet.core.http.CacheStatus;
import dev.popnet.core.http.CacheStatusHeader;
import dev.popnet.core.http.HeaderList;
import dev.popnet.core.http.HttpDates;
import dev.popnet.core.http.NoCacheReason;
import dev.popnet.core.http.Preconditions;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;

/** Everything the edge writes to clients: stored objects (with conditionals and ranges), streamed heads, errors. */
final class Responses {
    private Responses() {
    }

    /** Answers from a stored object; returns the body bytes sent. */
    static long fromStore(HttpServerRequest request, StoredObject o, CacheStatus status, long ageSeconds, long ttlSeconds, int fwdStatus,
            String node, long nowMillis) {
        HttpServerResponse response = request.response();
        head(response, o.headers(), node, CacheStatusHeader.format(node, status, ttlSeconds, fwdStatus, false, null));
        response.putHeader("Age", String.valueOf(Math.max(0, ageSeconds)));
        if (o.headers().get("Date") == null) {
            response.putHeader("Date", HttpDates.format(nowMillis));
        }
        String etag = o.headers().get("ETag");
        long lastModified = HttpDates.parse(o.headers().get("Last-Modified"));
        if (o.status() == 200) {
            switch (Preconditions.evaluate(request.headers()::get, etag, lastModified, true)) {
                case NOT_MODIFIED -> {
                    strip(response);
                    response.setStatusCode(304).end();
                    return 0;
                }
                case PRECONDITION_FAILED -> {
                    strip(response);
                    response.setStatusCode(412).end();
                    return 0;
                }
                default -> {
                    // serve the body
                }
            }
        }
        Buffer body = o.body();
        ByteRange range = o.status() == 200 && Preconditions.rangeApplies(request.headers()::get, etag, lastModified)
                ? ByteRange.parse(request.getHeader("Range"), body.length()) : ByteRange.full(body.length());
        response.setStatusCode(o.status());
        if (o.status() == 200) {
            response.putHeader("Accept-Ranges", "bytes");
        }
        if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
            response.setStatusCode(416).putHeader("Content-Range", range.contentRange()).putHeader("Content-Length", "0").end();
            return 0;
        }
        Buffer part = body;
        if (range.kind() == ByteRange.Kind.PARTIAL) {
            response.setStatusCode(206).putHeader("Content-Range", range.contentRange());
            part = body.slice((int) range.first(), (int) range.last() + 1);
        }
        response.putHeader("Content-Length", String.valueOf(part.length()));
        if (request.method() == HttpMethod.HEAD) {
            response.end();
            return 0;
        }
        response.end(part);
        return part.length();
    }

    /** Status line and headers of a response relayed from the origin. */
    static void relayHead(HttpServerResponse response, int status, HeaderList headers, String node, String cacheStatus) {
        response.setStatusCode(status);
        head(response, headers, node, cacheStatus);
    }

    private static void head(HttpServerResponse response, HeaderList headers, String node, String cacheStatus) {
        for (HeaderList.Field f : headers.fields()) {
            String lower = f.name().toLowerCase(Locale.ROOT);
            if (!lower.equals("age") && !lower.equals("content-length") && !lower.equals("via")) {
                response.headers().add(f.name(), f.value());
            }
        }
        String via = headers.get("Via");
        response.putHeader("Via", (via == null ? "" : via + ", ") + "1.1 " + node);
        String upstream = headers.joined("Cache-Status");
        response.putHeader("Cache-Status", upstream == null ? cacheStatus : upstream + ", " + cacheStatus);
    }

    /** A 304/412 carries no representation metadata of the body. */
    private static void strip(HttpServerResponse response) {
        response.headers().remove("Content-Length").remove("Content-Type").remove("Content-Encoding");
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
        response.headers().clear();
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
