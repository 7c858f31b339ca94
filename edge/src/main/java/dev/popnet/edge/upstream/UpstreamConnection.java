package dev.popnet.edge.upstream;

import dev.popnet.core.http.HeaderList;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One HTTP/1.1 connection to an upstream, one exchange at a time, on the event loop that opened it. The
 * request's framing is written here from what is actually sent; the response is parsed strictly. The
 * connection goes back to the pool only when both messages ended cleanly and nothing else arrived:
 * a connection whose framing is in doubt is closed, never reused.
 */
final class UpstreamConnection implements ResponseParser.Events {
    /** How long to wait for 100 Continue before sending the body anyway (as curl does). */
    private static final long CONTINUE_WAIT_MS = 1000;
    /** Fields the connection writes itself from what it sends. */
    private static final Set<String> FRAMING = caseInsensitive("content-length", "transfer-encoding", "connection", "keep-alive", "expect",
            "te", "upgrade", "proxy-connection");
    private static final Set<HttpMethod> CONTENT_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] VERSION_CRLF = " HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final Upstream upstream;
    private final Vertx vertx;
    private final Context context;
    private final Thread loop;
    private final NetSocket socket;
    private final ResponseParser parser = new ResponseParser(this);
    private boolean closed;
    private int exchanges;
    private long idleTimer = -1;

    private UpstreamRequest request;
    private Promise<UpstreamResponse> promise;
    private UpstreamResponse response;
    private boolean bytesReceived;
    private boolean bodyStarted;
    private boolean requestDone;
    private boolean abandoned;
    private boolean readingPaused;
    private long lastActivity;
    private long idleSince;
    private boolean deadlineArmed;
    private long deadlineStart;
    private long pausedSince;
    private long pausedNanos;
    private long timeoutTimer = -1;
    private long deadlineTimer = -1;
    private long continueTimer = -1;

    /** A set that matches field names in any case without lowercasing each one (a copy per header per request). */
    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return Collections.unmodifiableSet(set);
    }

    UpstreamConnection(Upstream upstream, Vertx vertx, Context context, NetSocket socket) {
        this.upstream = upstream;
        this.vertx = vertx;
        this.context = context;
        this.loop = Thread.currentThread();
        this.socket = socket;
        socket.handler(this::onData);
        socket.closeHandler(v -> onClose());
        socket.exceptionHandler(e -> fail(new UpstreamException(UpstreamException.Kind.CLOSED, "upstream connection failed: " + e.getMessage())));
    }

    Context context() {
        return context;
    }

    /** The event loop thread this connection lives on. */
    Thread loop() {
        return loop;
    }

    boolean reused() {
        return exchanges > 0;
    }

    boolean closed() {
        return closed;
    }

    /** The last exchange failed before a byte of response arrived (a reused connection the upstream had closed). */
    boolean failedBeforeResponse() {
        return !bytesReceived;
    }

    void exchange(UpstreamRequest req, Promise<UpstreamResponse> p) {
        request = req;
        promise = p;
        response = null;
        bytesReceived = false;
        bodyStarted = false;
        abandoned = false;
        requestDone = req.body() == null;
        readingPaused = false;
        pausedNanos = 0;
        lastActivity = System.nanoTime();
        parser.expect(req.method() == HttpMethod.HEAD);
        socket.write(head(req));
        if (timeoutTimer < 0) {
            armTimeout(upstream.timeoutMillis());
        }
        if (req.body() == null) {
            armDeadline();
        } else if (req.expectContinue()) {
            continueTimer = vertx.setTimer(CONTINUE_WAIT_MS, id -> startBody());
        } else {
            startBody();
        }
    }

    /** The request head, written as Latin-1 straight into the buffer that goes to the socket (no string of it first). */
    private Buffer head(UpstreamRequest req) {
        ByteBuf out = Unpooled.buffer(512);
        text(out, req.method().name()).writeByte(' ');
        text(out, req.target()).writeBytes(VERSION_CRLF);
        for (Map.Entry<String, String> h : req.headers()) {
            String name = h.getKey();
            String value = h.getValue();
            if (FRAMING.contains(name) || !ResponseParser.isToken(name) || !safeValue(value)) {
                continue;
            }
            text(text(out, name).writeByte(':').writeByte(' '), value).writeBytes(CRLF);
        }
        if (req.body() != null) {
            text(out, req.bodyLength() >= 0 ? "Content-Length: " + req.bodyLength() : "Transfer-Encoding: chunked").writeBytes(CRLF);
            if (req.expectContinue()) {
                text(out, "Expect: 100-continue").writeBytes(CRLF);
            }
        } else if (CONTENT_METHODS.contains(req.method())) {
            text(out, "Content-Length: 0").writeBytes(CRLF); // RFC 9110 §8.6: say there is no content where content has a meaning
        }
        return BufferInternal.buffer(out.writeBytes(CRLF));
    }

    private static ByteBuf text(ByteBuf out, String s) {
        out.writeCharSequence(s, StandardCharsets.ISO_8859_1);
        return out;
    }

    private static boolean safeValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0' || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    /** Streams the request body with backpressure, framed as declared; a short body closes the connection. */
    private void startBody() {
        if (bodyStarted || closed || request == null || abandoned) {
            return;
        }
        bodyStarted = true;
        cancel(continueTimer);
        UpstreamRequest req = request;
        if (req.onContinue() != null) {
            req.onContinue().handle(null);
        }
        ReadStream<Buffer> body = req.body();
        boolean chunked = req.bodyLength() < 0;
        long[] sent = {0};
        body.handler(b -> {
            if (closed || request != req) {
                return;
            }
            sent[0] += b.length();
            if (!chunked && sent[0] > req.bodyLength()) {
                fail(new UpstreamException(UpstreamException.Kind.PROTOCOL, "request body longer than its Content-Length"));
                return;
            }
            if (b.length() > 0) {
                socket.write(chunked ? Buffer.buffer(Integer.toHexString(b.length()) + "\r\n").appendBuffer(b).appendString("\r\n") : b);
            }
            lastActivity = System.nanoTime();
            if (socket.writeQueueFull()) {
                body.pause();
                socket.drainHandler(v -> body.resume());
            }
        });
        body.exceptionHandler(e -> {
            if (request == req) {
                fail(new UpstreamException(UpstreamException.Kind.CLOSED, "the client's request body was cut short: " + e.getMessage()));
            }
        });
        body.endHandler(v -> {
            if (request != req || closed) {
                return;
            }
            if (!chunked && sent[0] != req.bodyLength()) {
                fail(new UpstreamException(UpstreamException.Kind.CLOSED, "the client's request body ended after " + sent[0] + " of "
                        + req.bodyLength() + " bytes"));
                return;
            }
            if (chunked) {
                socket.write(Buffer.buffer("0\r\n\r\n"));
            }
            requestDone = true;
            armDeadline();
            if (parser.done()) {
                finish();
            }
        });
        body.resume();
    }

    private void onData(Buffer data) {
        if (request == null) {
            close(); // bytes nobody asked for: whatever framed them, this connection is not to be trusted
            return;
        }
        lastActivity = System.nanoTime();
        parser.feed(data);
    }

    @Override
    public void interim(int status, HeaderList headers) {
        if (request == null) {
            return;
        }
        bytesReceived = true;
        if (status == 100) {
            startBody();
        } else if (status == 103 && request.onEarlyHints() != null) {
            request.onEarlyHints().handle(headers);
        }
    }

    @Override
    public void head(int status, String reason, HeaderList headers, long contentLength) {
        if (request == null) {
            return;
        }
        bytesReceived = true;
        if (!bodyStarted && request.body() != null) {
            abandoned = true; // answered before the body went: it never will, so the connection ends with this response
            cancel(continueTimer);
        }
        response = new UpstreamResponse(status, headers, contentLength, this);
        promise.tryComplete(response);
    }

    @Override
    public void body(Buffer chunk) {
        if (response != null) {
            response.chunk(chunk);
        }
    }

    @Override
    public void end() {
        UpstreamResponse r = response;
        if (request == null || r == null) {
            return;
        }
        if (requestDone || abandoned) {
            finish();
        }
        r.end();
    }

    @Override
    public void error(UpstreamException e) {
        fail(e);
    }

    private void finish() {
        if (request == null) {
            return;
        }
        boolean reusable = parser.reusable() && requestDone && !abandoned && !closed;
        clearExchange();
        if (readingPaused) {
            readingPaused = false; // what is left of this response is queued in it; the socket must read again
            socket.resume();
        }
        exchanges++;
        if (reusable) {
            upstream.release(this);
        } else {
            close();
        }
    }

    /**
     * Ends the exchange. The silence, deadline and idle timers stay armed across exchanges and check what
     * runs when they fire: setting and cancelling them per exchange cost more than the rest of a small one.
     */
    private void clearExchange() {
        deadlineArmed = false;
        cancel(continueTimer);
        request = null;
        promise = null;
    }

    private void fail(UpstreamException e) {
        if (request == null) {
            return;
        }
        Promise<UpstreamResponse> p = promise;
        UpstreamResponse r = response;
        clearExchange();
        close();
        if (r == null) {
            p.tryFail(e);
        } else {
            r.fail(e);
        }
    }

    /**
     * The caller does not want the rest of the body. A response without one (a 304, a HEAD's) is complete
     * already: its exchange ends cleanly and the connection is kept, so revalidations do not reconnect.
     */
    void abandon(UpstreamResponse of) {
        if (of == response && request != null && !parser.done()) {
            abandoned = true;
            clearExchange();
            close();
        }
    }

    void pauseReading(UpstreamResponse of) {
        if (of == response && request != null && !readingPaused && !closed) {
            readingPaused = true;
            pausedSince = System.nanoTime();
            parser.pause();
            socket.pause();
        }
    }

    void resumeReading(UpstreamResponse of) {
        if (of == response && readingPaused) {
            readingPaused = false;
            long now = System.nanoTime();
            pausedNanos += now - pausedSince;
            lastActivity = now;
            socket.resume();
            parser.resume();
        }
    }

    /** Idle in the pool: closed once it has been idle for the keep-alive time. */
    void idle(long keepMillis) {
        idleSince = System.nanoTime();
        if (idleTimer < 0) {
            armIdle(keepMillis, keepMillis);
        }
    }

    private void armIdle(long keepMillis, long millis) {
        idleTimer = vertx.setTimer(Math.max(1, millis), id -> {
            idleTimer = -1;
            long idleFor = (System.nanoTime() - idleSince) / 1_000_000L;
            if (closed) {
                return;
            }
            if (request != null) {
                armIdle(keepMillis, keepMillis);
            } else if (idleFor >= keepMillis) {
                close();
            } else {
                armIdle(keepMillis, keepMillis - idleFor);
            }
        });
    }

    private void armTimeout(long millis) {
        timeoutTimer = vertx.setTimer(Math.max(1, millis), id -> {
            timeoutTimer = -1;
            if (request == null || closed) {
                return;
            }
            long limit = upstream.timeoutMillis() * 1_000_000L;
            long quiet = System.nanoTime() - lastActivity;
            if (readingPaused) {
                armTimeout(upstream.timeoutMillis()); // the client is slow to read, not the upstream to send
            } else if (quiet >= limit) {
                fail(new UpstreamException(UpstreamException.Kind.TIMEOUT, "no byte from the upstream for " + upstream.timeoutMillis() + " ms"));
            } else {
                armTimeout((limit - quiet) / 1_000_000L + 1);
            }
        });
    }

    /** The whole response, from the end of the request, within the response timeout (time the client held it back not counted). */
    private void armDeadline() {
        deadlineStart = System.nanoTime();
        deadlineArmed = true;
        pausedNanos = 0;
        if (readingPaused) {
            pausedSince = deadlineStart;
        }
        if (deadlineTimer < 0) {
            scheduleDeadline(upstream.responseTimeoutMillis());
        }
    }

    private void scheduleDeadline(long millis) {
        deadlineTimer = vertx.setTimer(Math.max(1, millis), id -> {
            deadlineTimer = -1;
            if (request == null || closed || !deadlineArmed) {
                return;
            }
            long now = System.nanoTime();
            long active = now - deadlineStart - pausedNanos - (readingPaused ? now - pausedSince : 0);
            long limit = upstream.responseTimeoutMillis() * 1_000_000L;
            if (active >= limit) {
                fail(new UpstreamException(UpstreamException.Kind.TIMEOUT, "the upstream did not complete its response within "
                        + upstream.responseTimeoutMillis() + " ms"));
            } else {
                scheduleDeadline((limit - active) / 1_000_000L + 1);
            }
        });
    }

    private void onClose() {
        if (closed) {
            return;
        }
        closed = true;
        cancel(idleTimer);
        cancel(timeoutTimer);
        cancel(deadlineTimer);
        if (request != null) {
            parser.closed();
        }
        if (request != null) { // the parser saw nothing wrong, yet the exchange cannot go on
            fail(new UpstreamException(UpstreamException.Kind.CLOSED, "the upstream closed the connection"));
        }
        upstream.closed(this);
    }

    void close() {
        if (!closed) {
            socket.close();
            onClose();
        }
    }

    private void cancel(long timer) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
