package dev.popnet.edge.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * The other PoPs named in {@code cluster.peer-pops}, each reached through the HTTP purge API of one of its
 * edges (tried in the order listed until one answers), never through its cluster port: a PoP's cluster
 * port takes no clients. Each purge is signed, and only an answer signed for that purge counts; a peer PoP
 * that is down, or answers without a valid signature, is reported as not reached and blocks nothing.
 * The JDK's HTTP client is used because the fan-out runs off any event loop, on futures.
 */
final class PeerPops {
    private static final Logger LOG = Logger.getLogger("dev.popnet.edge.cluster");
    private final Map<String, List<URI>> byPop = new LinkedHashMap<>();
    private final ClusterTrust trust;
    private final String from;
    private final Duration timeout;
    private final HttpClient http;

    PeerPops(ClusterConfig config, ClusterTrust trust) {
        for (String entry : config.peerPops()) {
            int at = entry.indexOf('@');
            byPop.computeIfAbsent(entry.substring(0, at), k -> new ArrayList<>())
                    .add(URI.create("http://" + entry.substring(at + 1) + "/purge"));
        }
        this.trust = trust;
        this.from = config.pop();
        // The peer waits up to its own ack timeout for its nodes before it answers.
        this.timeout = config.purgeAckTimeout().multipliedBy(2);
        // HTTP/1.1: the JDK's client would otherwise offer every plain-HTTP request an Upgrade to h2c.
        this.http = byPop.isEmpty() ? null
                : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.purgeAckTimeout()).build();
    }

    boolean none() {
        return byPop.isEmpty();
    }

    /** Sends a purge to every peer PoP; each future ends with that PoP's verified result, or null when it was not reached. */
    List<CompletableFuture<PurgeResult>> send(PurgeRequest request, long now) {
        PeerPurge purge = new PeerPurge(UUID.randomUUID().toString(), from, now, request);
        String body = purge.toJson();
        String signature = trust.sign(PeerPurge.signedText(body));
        List<CompletableFuture<PurgeResult>> out = new ArrayList<>();
        byPop.forEach((pop, edges) -> out.add(sendTo(pop, edges, 0, purge, body, signature)));
        return out;
    }

    private CompletableFuture<PurgeResult> sendTo(String pop, List<URI> edges, int i, PeerPurge purge, String body, String signature) {
        if (i == edges.size()) {
            return CompletableFuture.completedFuture(null);
        }
        HttpRequest request = HttpRequest.newBuilder(edges.get(i)).timeout(timeout).header("Content-Type", "application/json")
                .header(PurgeFanout.PEER_SIGNATURE_HEADER, signature).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failed) -> {
            PurgeResult r = failed == null ? verified(pop, edges.get(i), purge, response) : null;
            return r != null ? CompletableFuture.completedFuture(r) : sendTo(pop, edges, i + 1, purge, body, signature);
        }).thenCompose(next -> next);
    }

    private static String firstLine(String body) {
        String line = body.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private PurgeResult verified(String pop, URI edge, PeerPurge purge, HttpResponse<String> response) {
        String signature = response.headers().firstValue(PurgeFanout.PEER_SIGNATURE_HEADER).orElse(null);
        if (response.statusCode() != 200 || !trust.verify(PeerPurge.signedAnswer(response.body()), signature)) {
            LOG.warning("peer PoP " + pop + " at " + edge + " refused a purge or answered without a valid signature: "
                    + response.statusCode() + " " + firstLine(response.body()));
            return null;
        }
        try {
            return purge.resultOf(response.body());
        } catch (IllegalArgumentException e) {
            LOG.warning("peer PoP " + pop + " at " + edge + ": " + e.getMessage());
            return null;
        }
    }
}
