package dev.popnet.origin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.popnet.core.config.ConfigLoader;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Run-time fault control: {@code GET /admin/faults} shows them, {@code PUT /admin/faults} with a JSON
 * object changes the keys it names ({@code latency}, {@code jitter}, {@code error-rate},
 * {@code error-status}, {@code down}, {@code concurrency}); {@code POST /admin/down|up|reset} are shortcuts. Off unless an
 * admin token is configured; the token is compared in constant time, and a body larger than
 * {@link #MAX_BODY} is refused before it is read.
 */
final class AdminEndpoint {
    /** A faults change is a few dozen bytes of JSON. */
    static final int MAX_BODY = 16 * 1024;
    private static final ObjectMapper JSON = ConfigLoader.jsonMapper();
    private final FaultSwitch faults;
    private final String token;

    AdminEndpoint(FaultSwitch faults, String token) {
        this.faults = faults;
        this.token = token;
    }

    void handle(HttpServerRequest request) {
        if (token == null) {
            Errors.send(request.response(), 403, "the admin API is off: set admin-token (POPNET_ADMIN_TOKEN) to use it");
            return;
        }
        if (!authorized(request.getHeader("Authorization"))) {
            request.response().putHeader("WWW-Authenticate", "Bearer");
            Errors.send(request.response(), 401, "admin token required");
            return;
        }
        String path = request.path();
        HttpMethod method = request.method();
        if (path.equals("/admin/faults") && method == HttpMethod.GET) {
            OriginHandler.json(request.response(), faults.get());
        } else if (path.equals("/admin/faults") && (method == HttpMethod.PUT || method == HttpMethod.POST)) {
            readSmallBody(request);
        } else if (method == HttpMethod.POST && path.equals("/admin/down")) {
            faults.down();
            OriginHandler.json(request.response(), faults.get());
        } else if (method == HttpMethod.POST && path.equals("/admin/up")) {
            faults.up();
            OriginHandler.json(request.response(), faults.get());
        } else if (method == HttpMethod.POST && path.equals("/admin/reset")) {
            faults.reset();
            OriginHandler.json(request.response(), faults.get());
        } else if (path.equals("/admin/faults") || path.equals("/admin/down") || path.equals("/admin/up")
                || path.equals("/admin/reset")) {
            request.response().putHeader("Allow", path.equals("/admin/faults") ? "GET, PUT, POST" : "POST");
            Errors.send(request.response(), 405, "method not allowed");
        } else {
            Errors.send(request.response(), 404, "no such admin endpoint");
        }
    }

    private boolean authorized(String header) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given); // constant time: the comparison leaks no prefix
    }

    /** Reads at most {@link #MAX_BODY} bytes: a declared larger body is refused unread, a chunked one as soon as it grows past it. */
    private void readSmallBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length != null && (length.length() > 9 || !length.chars().allMatch(c -> c >= '0' && c <= '9') || Long.parseLong(length) > MAX_BODY)) {
            tooLarge(request);
            return;
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY) {
                request.handler(null);
                tooLarge(request);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(e -> Errors.send(request.response(), 400, "cannot read body"));
        request.endHandler(v -> {
            if (!request.response().ended()) {
                change(request, body.toString(StandardCharsets.UTF_8));
            }
        });
    }

    private static void tooLarge(HttpServerRequest request) {
        request.response().putHeader("Connection", "close"); // the rest of the body is never read
        Errors.send(request.response(), 413, "an admin request body is at most " + MAX_BODY + " bytes");
    }

    private void change(HttpServerRequest request, String body) {
        try {
            JsonNode patch = JSON.readTree(body);
            if (patch == null || !patch.isObject()) {
                Errors.send(request.response(), 400, "body must be a JSON object");
                return;
            }
            ObjectNode merged = JSON.valueToTree(faults.get());
            patch.fields().forEachRemaining(f -> {
                if (!merged.has(f.getKey())) {
                    throw new IllegalArgumentException("unknown key '" + f.getKey() + "' (known: latency, jitter, error-rate, error-status, down, concurrency)");
                }
                merged.set(f.getKey(), f.getValue());
            });
            faults.set(JSON.treeToValue(merged, FaultSettings.class));
            OriginHandler.json(request.response(), faults.get());
        } catch (IllegalArgumentException e) {
            Errors.send(request.response(), 400, e.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            Errors.send(request.response(), 400, "bad faults: " + cause.getMessage());
        }
    }
}
