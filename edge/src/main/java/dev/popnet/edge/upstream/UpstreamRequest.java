package dev.popnet.edge.upstream;

import dev.popnet.core.http.HeaderList;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.ReadStream;

/**
 * A request for an upstream. The connection's framing is the client's business: {@code headers} must
 * not carry Content-Length, Transfer-Encoding, Connection or Expect, which are written from
 * {@code bodyLength} and {@code expectContinue}.
 *
 * @param target         origin-form target, already normalised
 * @param body           the request content, read with backpressure; null for none
 * @param bodyLength     bytes of {@code body}, or -1 to send it chunked
 * @param expectContinue ask the upstream before sending the body (RFC 9110 §10.1.1)
 * @param onContinue     called once the body is about to be sent (the upstream said 100, or did not answer in time)
 * @param onEarlyHints   called for each 103 (RFC 8297); other interim responses are dropped
 */
public record UpstreamRequest(HttpMethod method, String target, MultiMap headers, ReadStream<Buffer> body, long bodyLength,
        boolean expectContinue, Handler<Void> onContinue, Handler<HeaderList> onEarlyHints) {

    public static UpstreamRequest of(HttpMethod method, String target, MultiMap headers) {
        return new UpstreamRequest(method, target, headers, null, 0, false, null, null);
    }

    public UpstreamRequest withBody(ReadStream<Buffer> content, long length, boolean expect, Handler<Void> continued) {
        return new UpstreamRequest(method, target, headers, content, length, expect, continued, onEarlyHints);
    }

    public UpstreamRequest withEarlyHints(Handler<HeaderList> hints) {
        return new UpstreamRequest(method, target, headers, body, bodyLength, expectContinue, onContinue, hints);
    }

    /** Safe to send again on a fresh connection when a reused one turned out to be closed. */
    boolean retriable() {
        return body == null && (method == HttpMethod.GET || method == HttpMethod.HEAD);
    }
}
