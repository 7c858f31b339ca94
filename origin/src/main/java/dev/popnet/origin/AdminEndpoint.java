package dev.popnet.origin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.popnet.core.config.ConfigLoader;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * Run-time fault control: {@code GET /admin/faults} shows them, {@code PUT /admin/faults} with a JSON
 * object changes the keys it names ({@code latency}, {@code jitter}, {@code error-rate},
 * {@code error-status}, {@code down}); {@code POST /admin/down|up|reset} are shortcuts.
 */
final class AdminEndpoint {
    private static final ObjectMapper JSON = ConfigLoader.jsonMapper();
    private final FaultSwitch faults;
    private final String token;

    AdminEndpoint(FaultSwitch faults, String token) {
        this.faults = faults;
        this.token = token;
    }

    void handle(HttpServerRequest request) {
        if (token != null && !("Bearer " + token).equals(request.getHeader("Authorization"))) {
            request.response().putHeader("WWW-Authenticate", "Bearer");
            Errors.send(request.response(), 401, "admin token required");
            return;
        }
        String path = request.path();
        HttpMethod method = request.method();
        if (path.equals("/admin/faults") && method == HttpMethod.GET) {
            OriginHandler.json(request.response(), faults.get());
        } else if (path.equals("/admin/faults") && (method == HttpMethod.PUT || method == HttpMethod.POST)) {
            request.body().onSuccess(body -> change(request, body.toString()))
                    .onFailure(e -> Errors.send(request.response(), 400, "cannot read body"));
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
                    throw new IllegalArgumentException("unknown key '" + f.getKey() + "' (known: latency, jitter, error-rate, error-status, down)");
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
