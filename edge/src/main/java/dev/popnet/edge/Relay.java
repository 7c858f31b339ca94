package dev.popnet.edge;

import dev.popnet.core.cache.decision.Outcome;
import dev.popnet.core.http.CacheRules;
import dev.popnet.core.http.CacheStatus;
import dev.popnet.core.http.CacheStatusHeader;
import dev.popnet.core.http.HeaderList;
import dev.popnet.core.http.HttpDates;
import dev.popnet.core.http.NoCacheReason;
import dev.popnet.core.http.Preconditions;
import dev.popnet.edge.upstream.UpstreamResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

/**
 * Sends an upstream response for a GET or HEAD on to the client as it arrives, keeping a copy when it may
 * be stored (without Set-Cookie: one client's cookie never reaches another) and fits the object size
 * limit. The client of a HEAD, or of a conditional request the response satisfies, gets the head (or a
 * 304/412) at once while the body is still read for the store. A body cut short is never stored.
 */
final class Relay {
    private final EdgeConfig config;
    private final EdgeStore store;
    private final EdgeStats stats;

    Relay(EdgeConfig config, EdgeStore store, EdgeStats stats) {
        this.config = config;
        this.store = store;
        this.stats = stats;
    }

    /** RFC 9110 §6.6.1: a cache adds the Date an upstream response lacks. */
    static HeaderList withDate(HeaderList headers, long receivedAt) {
        return headers.get("Date") == null ? headers.with("Date", HttpDates.format(receivedAt)) : headers;
    }

    /**
     * Relays {@code resp} (whose header fields, Date added, are {@code headers}) as the machine's
     * {@code outcome} says: stored when it holds a copy to store, {@code keep} allows and the request
     * selects a variant; completes with whether it was stored.
     */
    Future<Boolean> streamAndStore(ClientRequest request, UpstreamResponse resp, HeaderList headers,
            Outcome<?, ?> outcome, long start, boolean keep) {
        long contentLength = resp.contentLength();
        NoCacheReason why = outcome.why();
        CacheStatus status = outcome.status();
        String varyKey = CacheRules.varyKey(headers.list("Vary"), request.headers());
        boolean storing = keep && outcome.store() != null && varyKey != null;
        long lifetime = outcome.store() != null ? outcome.store().head().lifetimeSeconds() : 0;
        long age = outcome.store() != null ? outcome.store().initialAgeMillis() / 1000 : 0;
        HttpServerResponse out = request.http().response();
        String cacheStatus = storing
                ? CacheStatusHeader.format(config.node(), status, lifetime - age, resp.status(), true, null)
                : Responses.bypass(config.node(), resp.status(), why);
        int clientStatus = clientStatus(request, resp.status(), headers);
        boolean sendBody = request.method() != HttpMethod.HEAD && clientStatus == resp.status();
        Responses.relayHead(out, clientStatus, headers, config.node(), cacheStatus);
        if (storing) {
            out.putHeader("Age", String.valueOf(age)); // §5.1: what this cache computed, not what it was told
        }
        if (clientStatus == 304 || clientStatus == 412) {
            Responses.stripRepresentation(out);
        } else if (contentLength >= 0) {
            out.putHeader("Content-Length", String.valueOf(contentLength));
        } else if (sendBody) {
            out.setChunked(true);
        }
        long elapsed = System.nanoTime() - start;
        if (!sendBody) {
            out.end();
            stats.served(storing ? status : CacheStatus.BYPASS, 0, elapsed);
            if (!storing) {
                resp.discard();
                return Future.succeededFuture(false);
            }
        }
        // What is stored is worked out (lifetime, age, directives) only for a response that is.
        return body(request, resp, out, storing, sendBody, status, start, storing
                ? StoredObject.judged(request.key(), varyKey, resp.status(), Hop.forStore(headers), Buffer.buffer(), outcome.store())
                : null);
    }

    /**
     * A body kept for the store as it arrives, up to the object size limit. A body that comes in one piece
     * (most small ones) is kept as that piece, never written to again once received; more pieces are
     * appended to a buffer of the declared length.
     */
    private static final class BodyCopy {
        private final long declared;
        private final long limit;
        private Buffer body;
        private boolean appendable;

        BodyCopy(long declared, long limit) {
            this.declared = declared;
            this.limit = limit;
        }

        /** False once the body outgrows the limit. */
        boolean add(Buffer chunk) {
            long length = body == null ? 0 : body.length();
            if (length + chunk.length() > limit) {
                return false;
            }
            if (body == null) {
                body = chunk;
            } else {
                if (!appendable) {
                    body = Buffer.buffer((int) Math.min(Math.max(declared, length + chunk.length()), limit)).appendBuffer(body);
                    appendable = true;
                }
                body.appendBuffer(chunk);
            }
            return true;
        }

        Buffer body() {
            return body == null ? Buffer.buffer() : body;
        }
    }

    /** 304 or 412 when the client's preconditions (RFC 9110 §13.2.2) hold against a fresh 200, else the upstream's status. */
    private static int clientStatus(ClientRequest request, int status, HeaderList headers) {
        if (status != 200 || !conditional(request)) {
            return status; // most requests carry no precondition: no dates to parse for them
        }
        return switch (Preconditions.evaluate(request.headers(), headers.get("ETag"), HttpDates.parse(headers.get("Last-Modified")), true)) {
            case NOT_MODIFIED -> 304;
            case PRECONDITION_FAILED -> 412;
            default -> status;
        };
    }

    private static boolean conditional(ClientRequest request) {
        return request.headers().get("If-None-Match") != null || request.headers().get("If-Modified-Since") != null
                || request.headers().get("If-Match") != null || request.headers().get("If-Unmodified-Since") != null;
    }

    private Future<Boolean> body(ClientRequest request, UpstreamResponse resp, HttpServerResponse out, boolean storing, boolean sendBody,
            CacheStatus status, long start, StoredObject template) {
        Promise<Boolean> done = Promise.promise();
        long contentLength = resp.contentLength();
        BodyCopy[] copy = {storing ? new BodyCopy(contentLength, config.maxObjectSize()) : null};
        // The newest chunk is held back until the next one arrives, and the last until the object is
        // stored: a client that has every byte may already be asking again, and must find it.
        Buffer[] held = {null};
        long[] sent = {0};
        boolean[] clientGone = {false};
        if (sendBody) {
            out.closeHandler(v -> {
                clientGone[0] = true;
                if (copy[0] == null) {
                    resp.discard(); // nobody wants these bytes any more
                    done.tryComplete(false);
                }
            });
        }
        resp.handler(chunk -> {
            stats.bytesIn.add(chunk.length());
            if (copy[0] != null && !copy[0].add(chunk)) {
                copy[0] = null; // too large after all: keep streaming, stop storing
            }
            if (!sendBody || clientGone[0]) {
                if (copy[0] == null) {
                    resp.discard();
                    done.tryComplete(false);
                }
                return;
            }
            if (held[0] != null) {
                out.write(held[0]);
                sent[0] += held[0].length();
                // While storing, the copy is in memory anyway: the client's pace must not hold up the fetch
                // (others may be waiting for it). Otherwise the client's pace is the upstream's pace.
                if (copy[0] == null && out.writeQueueFull()) {
                    resp.pause();
                    out.drainHandler(v -> resp.resume());
                }
            }
            held[0] = chunk;
        });
        resp.exceptionHandler(e -> {
            if (sendBody && !out.headWritten()) {
                Responses.upstreamError(out, e, config.node()); // nothing sent yet: a plain error can still be
            } else if (sendBody && !out.ended()) {
                out.reset(); // the client must see the response was cut short
            }
            stats.originErrors.increment();
            if (sendBody) {
                stats.served(CacheStatus.BYPASS, sent[0], System.nanoTime() - start);
            }
            done.tryComplete(false);
        });
        resp.endHandler(v -> {
            boolean stored = copy[0] != null && store.putWithBody(template, copy[0].body());
            if (sendBody && !clientGone[0] && !out.ended()) {
                if (held[0] != null) {
                    sent[0] += held[0].length();
                    out.end(held[0]);
                } else {
                    out.end();
                }
            }
            if (sendBody) {
                stats.served(storing ? status : CacheStatus.BYPASS, sent[0], System.nanoTime() - start);
            }
            done.tryComplete(stored);
        });
        resp.resume();
        return done.future();
    }
}
