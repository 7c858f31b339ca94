package dev.popnet.edge.upstream;

import dev.popnet.core.http.HeaderList;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import java.util.function.UnaryOperator;

/**
 * An upstream's final response: status and headers as received, and the body as a paused stream, so
 * the caller decides where it goes (with backpressure: pausing this pauses the upstream socket).
 */
public final class UpstreamResponse implements ReadStream<Buffer> {
    /** A content coding applied to the body as it passes (compression). */
    public interface BodyCoding {
        /** The coded form of the next piece of body, possibly empty. */
        Buffer code(Buffer chunk);

        /** What is left once the body has ended. */
        Buffer finish();
    }

    private final int status;
    private HeaderList headers;
    private long contentLength;
    private BodyCoding coding;
    private final UpstreamConnection connection;
    private final ArrayDeque<Buffer> queued = new ArrayDeque<>();
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private boolean paused = true;
    private boolean ended;
    private Throwable failure;
    private boolean delivered;
    private boolean discarded;
    private Runnable done = () -> { };

    UpstreamResponse(int status, HeaderList headers, long contentLength, UpstreamConnection connection) {
        this.status = status;
        this.headers = headers;
        this.contentLength = contentLength;
        this.connection = connection;
    }

    public int status() {
        return status;
    }

    /** Every header line as received, hop-by-hop fields included. */
    public HeaderList headers() {
        return headers;
    }

    /** The declared body length, or -1 when chunked, delimited by the close, or coded here. */
    public long contentLength() {
        return contentLength;
    }

    /** Rewrites the head as it enters the edge, before anything reads it (a site's header rules, the freshness it lacks). */
    public void rewriteHead(UnaryOperator<HeaderList> rule) {
        headers = rule.apply(headers);
    }

    /** Passes the body through this coding from now on (before the body is read); its length is then unknown. */
    public void code(BodyCoding c) {
        coding = c;
        contentLength = -1;
    }

    /**
     * Not interested in the body: unless it has already arrived, the connection is closed rather than
     * drained, so a large body costs nothing.
     */
    public void discard() {
        discarded = true;
        done.run();
        queued.clear();
        if (!ended && failure == null) {
            connection.abandon(this);
        }
    }

    @Override
    public UpstreamResponse handler(Handler<Buffer> h) {
        handler = h;
        return this;
    }

    @Override
    public UpstreamResponse endHandler(Handler<Void> h) {
        endHandler = h;
        flush();
        return this;
    }

    @Override
    public UpstreamResponse exceptionHandler(Handler<Throwable> h) {
        exceptionHandler = h;
        flush();
        return this;
    }

    @Override
    public UpstreamResponse pause() {
        if (!paused) {
            paused = true;
            connection.pauseReading(this);
        }
        return this;
    }

    @Override
    public UpstreamResponse resume() {
        if (paused) {
            paused = false;
            flush();
            if (!paused) {
                connection.resumeReading(this);
            }
        }
        return this;
    }

    @Override
    public UpstreamResponse fetch(long amount) {
        return amount > 0 ? resume() : this;
    }

    void chunk(Buffer raw) {
        if (discarded) {
            return;
        }
        Buffer b = coding == null ? raw : coding.code(raw);
        if (b.length() == 0) {
            return;
        }
        deliver(b);
    }

    private void deliver(Buffer b) {
        if (paused || !queued.isEmpty()) {
            queued.add(b);
            connection.pauseReading(this);
        } else if (handler != null) {
            handler.handle(b);
        }
    }

    void end() {
        if (coding != null && !discarded) {
            Buffer tail = coding.finish();
            if (tail.length() > 0) {
                deliver(tail);
            }
        }
        ended = true;
        done.run();
        flush();
    }

    void fail(Throwable e) {
        if (!ended && failure == null) {
            failure = e;
            done.run();
            flush();
        }
    }

    /** Runs once the exchange is over: the body ended, failed or was discarded. */
    void whenDone(Runnable r) {
        done = r;
        if (ended || failure != null || discarded) {
            r.run();
        }
    }

    private void flush() {
        if (discarded) {
            return;
        }
        while (!paused && !queued.isEmpty()) {
            Buffer b = queued.poll();
            if (handler != null) {
                handler.handle(b);
            }
        }
        if (!queued.isEmpty() || delivered || paused && failure == null) {
            return;
        }
        if (failure != null && exceptionHandler != null) {
            delivered = true;
            exceptionHandler.handle(failure);
        } else if (ended && failure == null && endHandler != null) {
            delivered = true;
            endHandler.handle(null);
        }
    }
}
