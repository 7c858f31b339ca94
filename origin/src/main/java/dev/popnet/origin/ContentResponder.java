package dev.popnet.origin;

import dev.popnet.core.http.ByteRange;
import dev.popnet.core.http.Headers;
import dev.popnet.core.http.Preconditions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/** Answers GET/HEAD for a representation: conditionals (304/412), ranges (206/416), then the body. */
final class ContentResponder {
    private static final FormattedDate DATE = new FormattedDate();
    private static final FormattedDate LAST_MODIFIED = new FormattedDate();

    private ContentResponder() {
    }

    static void send(HttpServerRequest request, Representation rep, long nowMillis) {
        HttpServerResponse response = request.response();
        Headers headers = request.headers()::get;
        boolean head = request.method() == HttpMethod.HEAD;
        response.putHeader("Date", DATE.format(nowMillis));
        putValidators(response, rep);
        switch (Preconditions.evaluate(headers, rep.etag(), rep.lastModified(), true)) {
            case NOT_MODIFIED -> {
                response.setStatusCode(304).end();
                return;
            }
            case PRECONDITION_FAILED -> {
                response.setStatusCode(412).end();
                return;
            }
            default -> {
                // go on to the body
            }
        }
        response.putHeader("Content-Type", rep.contentType());
        response.putHeader("Accept-Ranges", "bytes");
        ByteRange range = Preconditions.rangeApplies(headers, rep.etag(), rep.lastModified())
                ? ByteRange.parse(request.getHeader("Range"), rep.length())
                : ByteRange.full(rep.length());
        if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
            response.setStatusCode(416).putHeader("Content-Range", range.contentRange()).end();
            return;
        }
        if (range.kind() == ByteRange.Kind.PARTIAL) {
            response.setStatusCode(206).putHeader("Content-Range", range.contentRange());
        }
        response.putHeader("Content-Length", String.valueOf(range.count()));
        if (head || range.count() == 0) {
            response.end();
            return;
        }
        rep.body().send(response, range.first(), range.count());
    }

    /** Validators and caching metadata go on 200, 206 and 304 alike (RFC 9110 §15.4.5). */
    private static void putValidators(HttpServerResponse response, Representation rep) {
        if (rep.etag() != null) {
            response.putHeader("ETag", rep.etag());
        }
        if (rep.lastModified() >= 0) {
            response.putHeader("Last-Modified", LAST_MODIFIED.format(rep.lastModified()));
        }
        response.putHeader("Cache-Control", rep.cacheControl());
        for (Map.Entry<String, String> h : rep.extraHeaders().entrySet()) {
            response.putHeader(h.getKey(), h.getValue());
        }
    }
}
