package dev.popnet.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.popnet.core.cache.CacheKey;
import dev.popnet.core.config.ConfigLoader;
import dev.popnet.edge.cluster.EdgeCluster;
import dev.popnet.edge.cluster.PurgeFanout;
import dev.popnet.edge.cluster.PurgeRequest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code POST /purge} with {@code {"url": "/path?q"}}, {@code {"prefix": "/path/"}} or
 * {@code {"surrogate-key": "tag"}} and {@code Authorization: Bearer <token>}; 401 without the token. With
 * {@code "soft": true} the objects stay but are stale: the next request revalidates them.
 * Sent with a host of a site whose purge scope is {@code site}, it removes only that site's objects.
 * A purge from a peer PoP carries a signature made with the cluster secret instead of the token.
 */
final class PurgeEndpoint {
    private static final int MAX_PEER_PURGE_BYTES = 64 * 1024;
    private final EdgeStore store;
    private final EdgeStats stats;
    private final Supplier<String> token;
    private final String node;
    private final Supplier<Sites> sites;
    /** Set once the node has joined its PoP: purges then go to every node through it. */
    volatile EdgeCluster cluster;

    PurgeEndpoint(EdgeStore store, EdgeStats stats, Supplier<String> token, String node, Supplier<Sites> sites) {
        this.store = store;
        this.stats = stats;
        this.token = token;
        this.node = node;
        this.sites = sites;
    }

    /** @param site the site the request's host names, or null */
    void handle(HttpServerRequest request, Site site) {
        String token = this.token.get();
        if (request.method() != HttpMethod.POST) {
            request.response().putHeader("Allow", "POST");
            Responses.error(request.response(), 405, "use POST", node);
            return;
        }
        String signature = request.getHeader(PurgeFanout.PEER_SIGNATURE_HEADER);
        if (signature != null) {
            // Read before its signature can be checked, so bounded: a peer's purge is a few hundred bytes.
            String length = request.getHeader("Content-Length");
            if (length == null || !length.matches("\\d{1,6}") || Integer.parseInt(length) > MAX_PEER_PURGE_BYTES) {
                Responses.error(request.response(), 413, "a purge from a peer PoP has a Content-Length of at most "
                        + MAX_PEER_PURGE_BYTES + " bytes", node);
                return;
            }
            request.body().onSuccess(body -> fromPeerPop(request, body.toString(), signature))
                    .onFailure(e -> Responses.error(request.response(), 400, "cannot read body", node));
            return;
        }
        if (token == null) {
            Responses.error(request.response(), 403, "purging is disabled: no purge-token is configured", node);
            return;
        }
        if (!authorized(request.getHeader("Authorization"), token)) {
            request.response().putHeader("WWW-Authenticate", "Bearer");
            Responses.error(request.response(), 401, "purge needs Authorization: Bearer <purge-token>", node);
            return;
        }
        request.body().onSuccess(body -> purge(request, site, body.toString())).onFailure(e -> Responses.error(request.response(), 400, "cannot read body", node));
    }

    private static boolean authorized(String header, String token) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given); // constant time
    }

    private void purge(HttpServerRequest request, Site site, String body) {
        PurgeRequest what;
        try {
            JsonNode json = ConfigLoader.jsonMapper().readTree(body);
            what = parse(request, site, json);
        } catch (Exception e) {
            Responses.error(request.response(), 400, "body must be JSON with one of url, prefix, surrogate-key: " + e.getMessage(), node);
            return;
        }
        EdgeCluster pop = cluster;
        Context context = Vertx.currentContext();
        if (pop == null) {
            // on a worker: a purge of many objects takes each shard's lock per key, and the event loop goes on serving meanwhile
            context.executeBlocking(() -> purgeLocally(what), false).onComplete(done -> {
                if (done.failed()) {
                    Responses.error(request.response(), 500, "purge failed: " + done.cause(), node);
                } else {
                    reply(request, Map.of("purged", done.result(), "nodes", 1));
                }
            });
            return;
        }
        pop.purges().purge(what).whenComplete((r, e) -> context.runOnContext(v -> {
            if (e != null) {
                Responses.error(request.response(), 503, "PoP purge failed: " + e.getMessage(), node);
                return;
            }
            Map<String, Object> m = new LinkedHashMap<>(r.toMap());
            m.put("purged", r.objectsRemoved());
            m.put("nodes", r.nodesApplied());
            reply(request, m);
        }));
    }

    /** A purge another PoP signed with the cluster secret: it needs no token, its signature is checked instead. */
    private void fromPeerPop(HttpServerRequest request, String body, String signature) {
        EdgeCluster pop = cluster;
        if (pop == null) {
            Responses.error(request.response(), 403, "this edge is in no PoP cluster: it takes no purges from other PoPs", node);
            return;
        }
        Context context = Vertx.currentContext();
        pop.purges().fromPeerPop(body, signature).whenComplete((a, e) -> context.runOnContext(v -> {
            if (e != null) {
                Responses.error(request.response(), 503, "PoP purge failed: " + e.getMessage(), node);
            } else if (a.signature() == null) {
                Responses.error(request.response(), a.status(), a.body(), node);
            } else {
                request.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                        .putHeader(PurgeFanout.PEER_SIGNATURE_HEADER, a.signature()).end(a.body());
            }
        }));
    }

    private void reply(HttpServerRequest request, Map<String, Object> body) {
        try {
            request.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(ConfigLoader.jsonMapper().writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Responses.error(request.response(), 500, e.getMessage(), node);
        }
    }

    /** Applies a purge to this node's store only; every node of a PoP runs this for a fanned-out purge. */
    int purgeLocally(PurgeRequest what) {
        Site site = what.site() == null ? null : sites.get().byName(what.site());
        // a site this node does not know (another config) limits nothing: better too much than too little
        Predicate<String> keys = site == null ? k -> true : k -> site.serves(hostOf(k));
        int purged = store.purge(what, keys);
        stats.purged.add(purged);
        return purged;
    }

    /** A URL purge names the key as requests build it: the same target normalisation and ignored parameters. */
    private static PurgeRequest parse(HttpServerRequest request, Site site, JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String scope = site != null && site.purgesOnlyItself() ? site.name() : null;
        JsonNode softly = json.get("soft");
        if (softly != null && !softly.isBoolean()) {
            throw new IllegalArgumentException("soft must be true or false");
        }
        boolean soft = softly != null && softly.asBoolean();
        if (json.hasNonNull("url")) {
            String url = json.get("url").asText();
            String key = CacheKey.of("http", request.authority() == null ? "" : request.authority().toString(), url,
                    site == null ? Set.of() : site.ignoredParams, site != null && site.ignoreQuery).value();
            return new PurgeRequest(PurgeRequest.Kind.URL, key, scope, soft);
        }
        if (json.hasNonNull("prefix")) {
            return new PurgeRequest(PurgeRequest.Kind.PREFIX, json.get("prefix").asText(), scope, soft);
        }
        if (json.hasNonNull("surrogate-key")) {
            return new PurgeRequest(PurgeRequest.Kind.SURROGATE_KEY, json.get("surrogate-key").asText(), scope, soft);
        }
        throw new IllegalArgumentException("none of url, prefix, surrogate-key given");
    }

    private static String hostOf(String key) {
        int start = key.indexOf("://") + 3;
        int end = key.indexOf('/', start);
        return end < 0 ? key.substring(start) : key.substring(start, end);
    }
}
