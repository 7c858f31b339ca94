package dev.popnet.origin;

import dev.popnet.core.config.ConfigLoader;
import dev.popnet.core.log.AccessLogEntry;
import dev.popnet.core.time.Ticker;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Routes every request: /health, /stats, /metrics, /admin, then faults, then /obj/{id} or static files. */
final class OriginHandler implements Handler<HttpServerRequest> {
    private static final java.util.Set<HttpMethod> WRITES = java.util.Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);
    private static final String OBJ_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    private final Vertx vertx;
    private final Ticker ticker;
    private final FaultSwitch faults;
    private final OriginStats stats;
    private final SyntheticObjects objects;
    private final StaticFiles files;
    private final AdminEndpoint admin;
    private final Consumer<AccessLogEntry> accessLog;
    private final ProcessingSlots slots = new ProcessingSlots();

    OriginHandler(Vertx vertx, Ticker ticker, FaultSwitch faults, OriginStats stats, SyntheticObjects objects,
            StaticFiles files, AdminEndpoint admin, Consumer<AccessLogEntry> accessLog) {
        this.vertx = vertx;
        this.ticker = ticker;
        this.faults = faults;
        this.stats = stats;
        this.objects = objects;
        this.files = files;
        this.admin = admin;
        this.accessLog = accessLog;
    }

    @Override
    public void handle(HttpServerRequest request) {
        long start = System.nanoTime();
        stats.requestStarted();
        String path = request.path();
        String kind = kindOf(path);
        HttpServerResponse response = request.response();
        long arrived = accessLog == null ? 0 : System.currentTimeMillis();
        response.endHandler(v -> {
            long nanos = System.nanoTime() - start;
            stats.responseEnded(kind, response.getStatusCode(), response.bytesWritten(), nanos);
            if (accessLog != null) {
                accessLog.accept(new AccessLogEntry(request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
                        arrived, request.method().name(), request.uri(),
                        AccessLogEntry.protocolOf(request.version() == null ? null : request.version().alpnName()),
                        response.getStatusCode(), response.bytesWritten(), request.getHeader("Referer"), request.getHeader("User-Agent"),
                        request.authority() == null ? null : request.authority().toString(), null, -1, nanos));
            }
        });
        try {
            switch (kind) {
                case "admin" -> admin.handle(request);
                case "health" -> health(request);
                case "stats" -> json(response, stats.toMap());
                case "metrics" -> response.putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .putHeader("Cache-Control", "no-store").end(stats.prometheus());
                default -> withFaults(request, kind);
            }
        } catch (RuntimeException e) {
            Errors.send(response, 500, "internal error: " + e.getMessage());
        }
    }

    private static String kindOf(String path) {
        if (path.startsWith("/admin/")) {
            return "admin";
        }
        if (path.equals("/health")) {
            return "health";
        }
        if (path.equals("/stats")) {
            return "stats";
        }
        if (path.equals("/metrics")) {
            return "metrics";
        }
        return path.startsWith(SyntheticObjects.PREFIX) ? "obj" : "static";
    }

    private void health(HttpServerRequest request) {
        boolean down = faults.get().down();
        request.response().setStatusCode(down ? 503 : 200).putHeader("Content-Type", "text/plain")
                .putHeader("Cache-Control", "no-store").end(down ? "down\n" : "ok\n");
    }

    private void withFaults(HttpServerRequest request, String kind) {
        FaultSettings f = faults.get();
        if (f.down()) {
            stats.connectionDropped();
            request.connection().close();
            return;
        }
        if (f.concurrency() == 0) {
            delayed(request, kind, f, System.nanoTime(), false);
            return;
        }
        request.pause(); // the body waits, as the request does, for a slot
        slots.acquire(f.concurrency(), vertx.getOrCreateContext(), start -> {
            if (request.response().closed()) {
                slots.release(start); // the client gave up while it waited: no work for it
            } else {
                delayed(request, kind, f, start, true);
            }
        });
    }

    /**
     * Serves once the injected latency from {@code startNanos} is over; a request holding one of the
     * slots hands it on at that moment.
     */
    private void delayed(HttpServerRequest request, String kind, FaultSettings f, long startNanos, boolean holdsSlot) {
        long delayNanos = f.latency().toNanos();
        if (!f.jitter().isZero()) {
            delayNanos += ThreadLocalRandom.current().nextLong(f.jitter().toNanos() + 1);
        }
        long due = startNanos + delayNanos;
        long wait = due - System.nanoTime();
        if (delayNanos > 0 && wait > 0) {
            request.pause();
            // to the nanosecond: a timer in whole milliseconds fires up to a millisecond late
            vertx.timer(wait, TimeUnit.NANOSECONDS).onComplete(done -> {
                if (holdsSlot) {
                    slots.release(due);
                }
                serve(request, kind, f); // handlers first: the body waits, paused, until they are set
                request.resume();
            });
        } else if (holdsSlot) {
            slots.release(due);
            serve(request, kind, f);
            request.resume();
        } else {
            serve(request, kind, f);
        }
    }

    private void serve(HttpServerRequest request, String kind, FaultSettings f) {
        HttpServerResponse response = request.response();
        try {
            HttpMethod method = request.method();
            boolean obj = kind.equals("obj");
            if (method == HttpMethod.OPTIONS) {
                response.putHeader("Allow", obj ? OBJ_METHODS : "GET, HEAD, OPTIONS").setStatusCode(204).end();
                return;
            }
            if (obj && WRITES.contains(method)) {
                Uploads.accept(request);
                return;
            }
            if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
                response.putHeader("Allow", obj ? OBJ_METHODS : "GET, HEAD, OPTIONS");
                Errors.send(response, 405, "method " + method + " not allowed here");
                return;
            }
            if (f.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < f.errorRate()) {
                Errors.send(response, f.errorStatus(), "injected error");
                return;
            }
            Representation rep = kind.equals("obj") ? synthetic(request) : file(request);
            if (rep != null) {
                ContentResponder.send(request, rep, ticker.millis());
            }
        } catch (IllegalArgumentException e) {
            Errors.send(response, 400, e.getMessage());
        }
    }

    private Representation synthetic(HttpServerRequest request) {
        int forced = SyntheticObjects.forcedStatus(request);
        Representation rep = objects.describe(request, ticker.millis());
        if (forced != 0 && forced != 200) {
            request.response().putHeader("Cache-Control", rep.cacheControl());
            Errors.send(request.response(), forced, "status requested by the client");
            return null;
        }
        return rep;
    }

    private Representation file(HttpServerRequest request) {
        PathGuard.Result guarded = PathGuard.check(request.path());
        if (!guarded.ok()) {
            Errors.send(request.response(), guarded.status(), guarded.status() == 400 ? "malformed path" : "not found");
            return null;
        }
        Representation rep = files == null ? null : files.describe(request.path(), guarded.relativePath());
        if (rep == null) {
            Errors.send(request.response(), 404, "not found");
        }
        return rep;
    }

    static void json(HttpServerResponse response, Object body) {
        try {
            response.putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(ConfigLoader.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Errors.send(response, 500, "cannot render JSON: " + e.getMessage());
        }
    }
}
