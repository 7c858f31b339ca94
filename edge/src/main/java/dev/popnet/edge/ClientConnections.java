package dev.popnet.edge;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Bounds what client connections may hold: at most {@code max-connections} open (beyond it a new one is
 * closed at once, and a line is logged at most every 10 s); each connection must deliver a complete
 * request head within {@code header-timeout} of opening and within {@code keep-alive-timeout} of its
 * previous response, so slowloris clients and idle keep-alives cannot pile up until the file
 * descriptors run out. Silence during a request is bounded by the server's idle timeout.
 */
final class ClientConnections {
    private static final Logger LOG = Logger.getLogger("dev.popnet.edge");
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    /**
     * One open connection: its requests in flight, and when its next request head is due. One timer at a
     * time checks the deadline and sets itself again if the deadline moved, so a busy keep-alive
     * connection costs no timer per request.
     */
    private final class Conn {
        final HttpConnection connection;
        int inFlight;
        boolean doomed;
        long deadline = Long.MAX_VALUE;
        long timer = -1;
        long timerAt;

        Conn(HttpConnection connection) {
            this.connection = connection;
        }

        void awaitHead(long millis) {
            deadline = System.nanoTime() + millis * 1_000_000L;
            if (timer >= 0 && timerAt > deadline) {
                cancel(); // set for a later deadline (the first head's): too late for this one
            }
            if (timer < 0) {
                schedule(millis);
            }
        }

        void requestArrived() {
            inFlight++;
            deadline = Long.MAX_VALUE;
        }

        private void schedule(long millis) {
            timerAt = System.nanoTime() + millis * 1_000_000L;
            timer = vertx.setTimer(Math.max(1, millis), id -> {
                timer = -1;
                if (inFlight > 0 || deadline == Long.MAX_VALUE) {
                    return; // the end of the response sets the next deadline
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    headTimeouts.increment();
                    connection.close();
                } else {
                    schedule(left / 1_000_000L + 1);
                }
            });
        }

        void cancel() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }

    private final Vertx vertx;
    private volatile ClientLimits limits;
    private final Map<HttpConnection, Conn> open = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final LongAdder refused = new LongAdder();
    private final LongAdder headTimeouts = new LongAdder();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong refusedSinceLog = new AtomicLong();

    ClientConnections(Vertx vertx, ClientLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    /** New limits (a reload): they apply to new connections and to the next deadline of open ones. */
    void limits(ClientLimits next) {
        limits = next;
    }

    /** A new connection (on its event loop): refused beyond the cap, else given its header deadline. */
    void opened(HttpConnection connection) {
        if (count.incrementAndGet() > limits.maxConnections()) {
            count.decrementAndGet();
            refused.increment();
            refusedSinceLog.incrementAndGet();
            long last = lastLog.get();
            long now = System.nanoTime();
            if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
                LOG.warning("client connection limit reached (client.max-connections=" + limits.maxConnections()
                        + "): refusing new connections; " + refusedSinceLog.getAndSet(0) + " refused since the last report");
            }
            connection.close();
            return;
        }
        Conn c = new Conn(connection);
        open.put(connection, c);
        connection.closeHandler(v -> {
            c.cancel();
            if (open.remove(connection) != null) {
                count.decrementAndGet();
            }
        });
        c.awaitHead(limits.headerTimeout().toMillis());
    }

    /**
     * A complete request head arrived: its connection's deadline is off until the response is done. A
     * response marked {@code Connection: close} closes the connection once written. False when the
     * connection is doomed and the request must not be served.
     */
    boolean requestStarted(HttpServerRequest request) {
        Conn c = open.get(request.connection());
        if (c != null && c.doomed) {
            request.connection().close();
            return false; // pipelined behind a request that left the stream in doubt: never served
        }
        if (c != null) {
            c.requestArrived();
        }
        request.response().endHandler(v -> {
            if ("close".equalsIgnoreCase(request.response().headers().get("Connection")) || request.version() == HttpVersion.HTTP_1_0
                    && !request.response().headers().contains("Content-Length") && request.method() != HttpMethod.HEAD) {
                request.connection().close(); // flushes the response first; for HTTP/1.0 without a length, the close ends the body
            } else if (c != null && --c.inFlight == 0) {
                c.awaitHead(limits.keepAliveTimeout().toMillis());
            }
        });
        return true;
    }

    /**
     * The request left the stream in doubt (malformed, or framed two ways): its connection is closed after
     * the answer, and requests pipelined behind it, which Vert.x may already have parsed, are dropped.
     */
    void doom(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2) {
            return; // HTTP/2 frames each stream: a bad one leaves the others in no doubt
        }
        Conn c = open.get(request.connection());
        if (c != null) {
            c.doomed = true;
        }
        request.response().putHeader("Connection", "close");
    }

    int open() {
        return count.get();
    }

    long refused() {
        return refused.sum();
    }

    long headTimeouts() {
        return headTimeouts.sum();
    }
}
