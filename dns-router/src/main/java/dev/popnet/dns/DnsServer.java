package dev.popnet.dns;

import dev.popnet.core.config.ConfigException;
import dev.popnet.core.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The authoritative DNS server on UDP and TCP (RFC 7766 framing), plus an HTTP port for /stats,
 * /metrics and POST /reload. The topology file is also re-read when it changes on disk; a reload
 * swaps the routing in one step, so queries never see half a topology, and a bad file keeps the old one.
 *
 * <p>UDP runs on plain blocking threads sharing one {@link DatagramChannel}, not on a Vert.x datagram
 * socket: Vert.x serves a datagram socket from a single event loop, which capped the server at one core,
 * while each query here is short CPU-bound work with nothing to wait for, so one thread per core each
 * receiving, answering and sending reaches all cores. TCP (connections, framing, idle timeouts) and the
 * admin HTTP port stay on Vert.x, where the event model pays off.
 */
public final class DnsServer {
    private static final int MAX_TCP_MESSAGE = 65535;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DnsServer.class);
    private final Vertx vertx;
    private final Path configFile;
    private final AtomicReference<DnsRouting> routing;
    private final DnsStats stats = new DnsStats();
    private final DnsAnswerer answerer = new DnsAnswerer(stats);
    private final HealthChecker health;
    private DatagramChannel udp;
    private final List<Thread> udpWorkers = new ArrayList<>();
    private NetServer tcp;
    private HttpServer admin;
    private long watchTimer = -1;
    private long lastModified;

    private DnsServer(Vertx vertx, DnsConfig config, Path configFile) {
        this.vertx = vertx;
        this.configFile = configFile;
        this.routing = new AtomicReference<>(new DnsRouting(config));
        this.health = new HealthChecker(vertx, routing::get);
        stats.health(health::snapshot);
    }

    /** @param configFile where the config came from (for reloads), or null */
    public static Future<DnsServer> start(Vertx vertx, DnsConfig config, Path configFile) {
        DnsServer s = new DnsServer(vertx, config, configFile);
        return s.listen().map(s);
    }

    private Future<Void> listen() {
        DnsConfig c = routing.get().config;
        try {
            udp = DatagramChannel.open();
            udp.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 21);
            udp.bind(new InetSocketAddress(InetAddress.getByName(c.host()), c.port()));
        } catch (IOException | RuntimeException e) {
            closeUdp();
            return Future.failedFuture(new IOException("cannot listen on udp " + c.host() + ":" + c.port() + ": " + e.getMessage(), e));
        }
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::udpLoop, "popnet-dns-udp-" + i);
            t.setDaemon(true);
            t.start();
            udpWorkers.add(t);
        }
        tcp = vertx.createNetServer().connectHandler(this::tcpConnection);
        return tcp.listen(port(), c.host()).compose(t -> {
            admin = vertx.createHttpServer().requestHandler(this::adminRequest);
            return admin.listen(c.statsPort(), c.host());
        }).onFailure(e -> closeUdp()).onSuccess(a -> {
            health.start();
            if (configFile != null) {
                lastModified = modified();
                watchTimer = vertx.setPeriodic(2000, id -> {
                    if (modified() != lastModified) {
                        lastModified = modified();
                        reload();
                    }
                });
            }
        }).mapEmpty();
    }

    /** One worker: receive, answer, send, until the channel closes. */
    private void udpLoop() {
        ByteBuffer in = ByteBuffer.allocate(65535);
        while (udp.isOpen()) {
            in.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) udp.receive(in);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                stats.dropped.increment();
                continue;
            }
            byte[] data = new byte[in.flip().remaining()];
            in.get(data);
            respond(data, from.getAddress(), true, wire -> {
                try {
                    udp.send(ByteBuffer.wrap(wire), from);
                } catch (IOException e) {
                    stats.dropped.increment(); // the client went away; nothing to tell it
                }
            });
        }
    }

    private void respond(byte[] data, InetAddress sender, boolean overUdp, java.util.function.Consumer<byte[]> send) {
        long start = System.nanoTime();
        try {
            DnsAnswerer.Result r = answerer.answer(data, sender, overUdp, routing.get(), health);
            if (r == null) {
                stats.dropped.increment();
                return;
            }
            if (r.truncated()) {
                stats.truncated.increment();
            }
            send.accept(r.wire());
            stats.query(r.type(), r.rcode(), r.pop(), System.nanoTime() - start);
        } catch (Exception e) {
            stats.dropped.increment(); // never let one packet take the server down
        }
    }

    /** RFC 1035 §4.2.2 / RFC 7766: two-byte length, then the message; several per connection. */
    private void tcpConnection(NetSocket socket) {
        stats.tcp.increment();
        Buffer[] pending = {Buffer.buffer()};
        InetAddress peer;
        try {
            peer = InetAddress.getByName(socket.remoteAddress().hostAddress()); // a literal: no lookup
        } catch (IOException e) {
            socket.close();
            return;
        }
        socket.handler(chunk -> {
            pending[0].appendBuffer(chunk);
            while (pending[0].length() >= 2) {
                int length = pending[0].getUnsignedShort(0);
                if (length == 0 || length > MAX_TCP_MESSAGE) {
                    socket.close();
                    return;
                }
                if (pending[0].length() < 2 + length) {
                    break;
                }
                byte[] message = pending[0].getBytes(2, 2 + length);
                pending[0] = pending[0].getBuffer(2 + length, pending[0].length());
                respond(message, peer, false,
                        wire -> socket.write(Buffer.buffer().appendUnsignedShort(wire.length).appendBytes(wire)));
            }
        });
        vertx.setTimer(10_000, id -> socket.close()); // idle connections do not linger
    }

    private void adminRequest(HttpServerRequest request) {
        switch (request.path()) {
            case "/stats" -> json(request, 200, statsMap());
            case "/metrics" -> request.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(stats.prometheus());
            case "/health" -> request.response().end("ok\n");
            case "/reload" -> {
                if (configFile == null) {
                    json(request, 409, Map.of("error", "started without a config file: nothing to reload"));
                } else {
                    String error = reload();
                    json(request, error == null ? 200 : 400, error == null ? Map.of("reloaded", true) : Map.of("error", error));
                }
            }
            default -> request.response().setStatusCode(404).end("not found\n");
        }
    }

    /** Re-reads the config file; returns null on success, else why the old topology stays. */
    public String reload() {
        try {
            DnsConfig fresh = ConfigLoader.load(DnsConfig.class, configFile, System.getenv(), Map.of());
            routing.set(new DnsRouting(fresh));
            stats.reloads.increment();
            LOG.info("reloaded {}: {} PoPs", configFile, fresh.pops().size());
            return null;
        } catch (ConfigException | IllegalArgumentException e) {
            stats.reloadsRefused.increment();
            LOG.warn("reload refused, the old topology stays: {}", e.getMessage());
            return e.getMessage();
        }
    }

    private long modified() {
        try {
            return Files.getLastModifiedTime(configFile).toMillis();
        } catch (java.io.IOException e) {
            return lastModified;
        }
    }

    private Map<String, Object> statsMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zone", routing.get().config.zone());
        m.put("strategy", routing.get().config.strategy().name().toLowerCase(java.util.Locale.ROOT));
        m.put("queries_by_type", DnsStats.sums(stats.byType));
        m.put("responses_by_rcode", DnsStats.sums(stats.byRcode));
        m.put("answers_by_pop", DnsStats.sums(stats.byPop));
        m.put("pop_health", health.snapshot());
        m.put("dropped", stats.dropped.sum());
        m.put("truncated", stats.truncated.sum());
        m.put("tcp_connections", stats.tcp.sum());
        m.put("reloads", stats.reloads.sum());
        m.put("latency", stats.latency.snapshot().toMap());
        return m;
    }

    private static void json(HttpServerRequest request, int status, Object body) {
        try {
            request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(ConfigLoader.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            request.response().setStatusCode(500).end();
        }
    }

    /** Where /metrics comes from: the router's own meters, to which the command line adds JVM and process ones. */
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return stats.registry();
    }

    public int port() {
        try {
            return ((InetSocketAddress) udp.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("udp socket closed", e);
        }
    }

    private void closeUdp() {
        try {
            if (udp != null) {
                udp.close();
            }
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
        for (Thread t : udpWorkers) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public int statsPort() {
        return admin.actualPort();
    }

    public Future<Void> close() {
        if (watchTimer >= 0) {
            vertx.cancelTimer(watchTimer);
        }
        health.close();
        closeUdp();
        return tcp.close().compose(v -> admin.close());
    }
}
