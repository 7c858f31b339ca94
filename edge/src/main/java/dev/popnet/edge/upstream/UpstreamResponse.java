package dev.popnet.edge.upstream;

import dev.popnet.core.http.HeaderList;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;

/**
 * An upstream's final response: status and headers as received, and the body as a paused stream, so
 * the caller decides where it goes (with backpressure: pausing this pauses the upstream socket).
 */
public final class UpstreamResponse implements ReadStream<Buffer> {
    private final int status;
    private final HeaderList headers;
    private final long contentLength;
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

    /** The declared body length, or -1 when chunked or delimited by the close. */
    public long contentLength() {
        return contentLength;
    }

    /**
     * Not interested in the body: unless it has already arrived, the connection is closed rather than
     * drained, so a large body costs nothing.
     */
    public void discard() {
        discarded = true;
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

    void chunk(Buffer b) {
        if (discarded) {
            return;
        }
        if (paused || !queued.isEmpty()) {
            queued.add(b);
            connection.pauseReading(this);
        } else if (handler != null) {
            handler.handle(b);
        }
    }

    void end() {
        ended = true;
        flush();
    }

    void fail(Throwable e) {
        if (!ended && failure == null) {
            failure = e;
            flush();
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
