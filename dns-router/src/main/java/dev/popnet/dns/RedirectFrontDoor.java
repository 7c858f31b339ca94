package dev.popnet.dns;

import dev.popnet.core.cache.CacheKey;
import dev.popnet.core.routing.CidrTable;
import dev.popnet.core.routing.RendezvousHash;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The HTTP front door (Traffic Router's 302 mode): a GET or HEAD for a CDN hostname is answered
 * {@code 302 Location: http://<edge>/<path>} with the client's PoP chosen as for DNS (from the TCP peer
 * address) and, inside the PoP, the edge that owns the URL: rendezvous hashing of the cache key over the
 * healthy edges' host:port, exactly as the PoP cluster hashes a key over its members' HTTP addresses, so
 * each object is sent to the edge that keeps it.
 */
final class RedirectFrontDoor {
    private final Supplier<DnsRouting> routing;
    private final RoutingView view;
    private final DnsStats stats;

    private RedirectFrontDoor(Supplier<DnsRouting> routing, RoutingView view, DnsStats stats) {
        this.routing = routing;
        this.view = view;
        this.stats = stats;
    }

    static Future<HttpServer> start(Vertx vertx, String host, int port, Supplier<DnsRouting> routing, RoutingView view, DnsStats stats) {
        RedirectFrontDoor door = new RedirectFrontDoor(routing, view, stats);
        return vertx.createHttpServer().requestHandler(door::handle).listen(port, host);
    }

    /** The edge that owns a cache key among a PoP's edges, by the PoP cluster's own hashing. */
    static DnsConfig.Edge owner(String cacheKey, List<DnsConfig.Edge> edges) {
        long[] members = new long[edges.size()];
        for (int i = 0; i < members.length; i++) {
            members[i] = RendezvousHash.memberHash(edges.get(i).http());
        }
        return edges.get(RendezvousHash.ownerIndex(RendezvousHash.memberHash(cacheKey), members));
    }

    private void handle(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            request.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end("only GET and HEAD are redirected\n");
            return;
        }
        DnsRouting r = routing.get();
        String authority = request.authority() == null ? "" : request.authority().toString();
        String hostname = request.authority() == null ? "" : DnsConfig.absolute(request.authority().host());
        if (r.hostnames.stream().noneMatch(h -> h.toString().equals(hostname)) || !request.uri().startsWith("/")) {
            request.response().setStatusCode(404).end("not a CDN hostname here: " + authority + "\n");
            return;
        }
        byte[] client = DnsAnswerer.literal(request.remoteAddress().hostAddress()).getAddress();
        CidrTable.Match<DnsRouting.Network> net = r.network(client, client.length * 8);
        DnsRouting.Choice choice = r.choose(net.value(), net.value().answers(view.epoch()), view);
        if (choice == null) {
            request.response().setStatusCode(503).end("no PoP is up\n");
            return;
        }
        List<DnsConfig.Edge> edges = r.redirectEdges(choice.pop(), view);
        String target = edges.isEmpty() ? hostPort(choice.addresses().get(0).getHostAddress())
                : owner(CacheKey.of("http", authority, request.uri(), Set.of(), false).value(), edges).http();
        stats.redirects.increment();
        request.response().setStatusCode(302).putHeader("Location", "http://" + target + request.uri())
                .putHeader("Cache-Control", "no-store").putHeader("X-Popnet-Pop", choice.pop().name()).end();
    }

    private static String hostPort(String address) {
        return address.contains(":") ? "[" + address.toLowerCase(Locale.ROOT) + "]" : address;
    }
}
