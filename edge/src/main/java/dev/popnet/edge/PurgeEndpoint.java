package dev.popnet.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.popnet.core.cache.CacheKey;
import dev.popnet.core.config.ConfigLoader;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code POST /purge} with {@code {"url": "/path?q"}}, {@code {"prefix": "/path/"}} or
 * {@code {"surrogate-key": "tag"}} and {@code Authorization: Bearer <token>}; 401 without the token.
 */
final class PurgeEndpoint {
    private final EdgeStore store;
    private final EdgeStats stats;
    private final EdgeProxy proxy;
    private final String token;
    private final String node;

    PurgeEndpoint(EdgeStore store, EdgeStats stats, EdgeProxy proxy, String token, String node) {
        this.store = store;
        this.stats = stats;
        this.proxy = proxy;
        this.token = token;
        this.node = node;
    }

    void handle(HttpServerRequest request) {
        if (request.method() != HttpMethod.POST) {
            request.response().putHeader("Allow", "POST");
            Responses.error(request.response(), 405, "use POST", node);
            return;
        }
        if (token == null) {
            Responses.error(request.response(), 403, "purging is disabled: no purge-token is configured", node);
            return;
        }
        if (!authorized(request.getHeader("Authorization"))) {
            request.response().putHeader("WWW-Authenticate", "Bearer");
            Responses.error(request.response(), 401, "purge needs Authorization: Bearer <purge-token>", node);
            return;
        }
        request.body().onSuccess(body -> purge(request, body.toString())).onFailure(e -> Responses.error(request.response(), 400, "cannot read body", node));
    }

    private boolean authorized(String header) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given); // constant time
    }

    private void purge(HttpServerRequest request, String body) {
        Predicate<StoredObject> match;
        try {
            JsonNode json = ConfigLoader.jsonMapper().readTree(body);
            match = matcher(request, json);
        } catch (Exception e) {
            Responses.error(request.response(), 400, "body must be JSON with one of url, prefix, surrogate-key: " + e.getMessage(), node);
            return;
        }
        int purged = store.purge(match);
        stats.purged.add(purged);
        try {
            request.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(ConfigLoader.jsonMapper().writeValueAsString(Map.of("purged", purged, "nodes", 1)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Responses.error(request.response(), 500, e.getMessage(), node);
        }
    }

    private Predicate<StoredObject> matcher(HttpServerRequest request, JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (json.hasNonNull("url")) {
            String url = json.get("url").asText();
            String key = CacheKey.of("http", request.authority() == null ? "" : request.authority().toString(), url, java.util.Set.of(), false).value();
            String keyNoHost = new CacheKey(key).pathAndQuery();
            return o -> o.primaryKey().equals(key) || new CacheKey(o.primaryKey()).pathAndQuery().equals(keyNoHost);
        }
        if (json.hasNonNull("prefix")) {
            String prefix = json.get("prefix").asText();
            return o -> new CacheKey(o.primaryKey()).pathAndQuery().startsWith(prefix);
        }
        if (json.hasNonNull("surrogate-key")) {
            String tag = json.get("surrogate-key").asText();
            return o -> {
                String keys = o.headers().get("Surrogate-Key");
                return keys != null && Arrays.asList(keys.trim().split("\\s+")).contains(tag);
            };
        }
        throw new IllegalArgumentException("none of url, prefix, surrogate-key given");
    }
}
