package dev.popnet.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A TCP proxy that hands every chunk on {@code oneWay} after it arrived, in both directions. A live run
 * puts one between a PoP's edges and the origin so that fills pay the network path's propagation delay,
 * as they do in the simulator, although every process sits on loopback. It adds latency, not a bandwidth
 * limit: chunks are late by the same amount whatever their size, and connections don't wait on each other.
 */
public final class DelayProxy {
    private static final Logger LOG = Logger.getLogger(DelayProxy.class.getName());
    /**
     * Bytes one direction may hold back before it stops reading its source, like a TCP window: it bounds
     * memory when a fast sender meets a long delay (and caps a connection at this many bytes per oneWay).
     */
    static final int MAX_HELD_BYTES = 4 << 20;

    private final Vertx vertx;
    private final String host;
    private final String targetHost;
    private final int targetPort;
    private final long delayNanos;
    private final NetServer server;
    private final NetClient client;

    private DelayProxy(Vertx vertx, String host, String targetHost, int targetPort, Duration oneWay) {
        this.vertx = vertx;
        this.host = host;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.delayNanos = oneWay.toNanos();
        this.server = vertx.createNetServer();
        this.client = vertx.createNetClient();
    }

    /** Listens on host:0 (a free port) and forwards every connection to target; bytes in each direction are held back by oneWay before being written on. */
    public static Future<DelayProxy> start(Vertx vertx, String host, String targetHost, int targetPort, Duration oneWay) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(targetHost, "targetHost");
        if (oneWay.isNegative()) {
            throw new IllegalArgumentException("oneWay must not be negative: " + oneWay);
        }
        DelayProxy proxy = new DelayProxy(vertx, host, targetHost, targetPort, oneWay);
        return proxy.server.connectHandler(proxy::accept).listen(0, host).map(proxy);
    }

    public int port() {
        return server.actualPort();
    }

    public String host() {
        return host;
    }

    /** Stops listening and closes every proxied connection. */
    public Future<Void> close() {
        return Future.join(server.close(), client.close()).mapEmpty();
    }

    private void accept(NetSocket inbound) {
        inbound.pause();
        boolean[] inboundClosed = {false};
        inbound.closeHandler(v -> inboundClosed[0] = true);
        // Connecting from the inbound socket's event loop keeps both sockets and all timers on one thread.
        client.connect(targetPort, targetHost).onComplete(ar -> {
            if (ar.failed()) {
                LOG.log(Level.FINE, "cannot reach " + targetHost + ":" + targetPort, ar.cause());
                inbound.close();
                return;
            }
            NetSocket outbound = ar.result();
            if (inboundClosed[0]) {
                outbound.close();
                return;
            }
            new Direction(inbound, outbound).start();
            new Direction(outbound, inbound).start();
            inbound.resume();
        });
    }

    private record Held(long dueNanos, Buffer data) {
    }

    /**
     * One direction of a connection. Chunks wait in arrival order and one timer at a time hands on those
     * that are due, so order never depends on timer order. The source pauses while the destination's
     * write queue is full or too much is held back.
     */
    private final class Direction {
        private final NetSocket from;
        private final NetSocket to;
        private final ArrayDeque<Held> held = new ArrayDeque<>();
        private long heldBytes;
        private boolean timerSet;
        private boolean waitingForDrain;
        private boolean paused;
        private boolean ended;
        private Future<Void> lastWrite = Future.succeededFuture();

        Direction(NetSocket from, NetSocket to) {
            this.from = from;
            this.to = to;
        }

        void start() {
            from.handler(this::onData);
            from.endHandler(v -> onEnd());
            from.closeHandler(v -> onEnd());
            from.exceptionHandler(e -> LOG.log(Level.FINE, "proxied connection failed", e));
            to.drainHandler(v -> {
                waitingForDrain = false;
                updateFlow();
            });
        }

        private void onData(Buffer data) {
            if (delayNanos == 0) {
                write(data);
                return;
            }
            held.add(new Held(System.nanoTime() + delayNanos, data));
            heldBytes += data.length();
            updateFlow();
            if (!timerSet) {
                setTimer();
            }
        }

        private void setTimer() {
            long waitNanos = held.peek().dueNanos() - System.nanoTime();
            timerSet = true;
            // To the nanosecond, not rounded up to a whole millisecond: each fill crosses the proxy twice, and on
            // the native transport a timer fires within about 0.1 ms of its due time.
            vertx.timer(Math.max(1, waitNanos), TimeUnit.NANOSECONDS).onComplete(ar -> handOnDue());
        }

        private void handOnDue() {
            timerSet = false;
            long now = System.nanoTime();
            while (!held.isEmpty() && held.peek().dueNanos() - now <= 0) {
                Held next = held.poll();
                heldBytes -= next.data().length();
                write(next.data());
            }
            updateFlow();
            if (!held.isEmpty()) {
                setTimer();
            } else if (ended) {
                closeDestination();
            }
        }

        private void write(Buffer data) {
            lastWrite = to.write(data);
            if (to.writeQueueFull()) {
                waitingForDrain = true;
                updateFlow();
            }
        }

        private void updateFlow() {
            boolean shouldPause = waitingForDrain || heldBytes > MAX_HELD_BYTES;
            if (shouldPause != paused) {
                paused = shouldPause;
                if (shouldPause) {
                    from.pause();
                } else {
                    from.resume();
                }
            }
        }

        private void onEnd() {
            if (ended) {
                return;
            }
            ended = true;
            if (held.isEmpty()) {
                closeDestination();
            }
        }

        /** Closes the other side once everything written to it has gone out. */
        private void closeDestination() {
            lastWrite.onComplete(ar -> to.close());
        }
    }
}
