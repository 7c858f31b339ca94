package dev.popnet.edge.cluster;

import dev.popnet.edge.EdgeConfig;
import dev.popnet.edge.EdgeServer;
import dev.popnet.origin.OriginConfig;
import dev.popnet.origin.OriginServer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;

/** A real origin on loopback, the edges tests start in front of it, and a client to ask them. */
final class EdgesOnOneOrigin implements AutoCloseable {
    static final String TOKEN = "purge-token";
    static final String HOST = "cdn.popnet.test";
    final Vertx vertx;
    final OriginServer origin;
    final HttpClientAgent client;

    private EdgesOnOneOrigin(Vertx vertx, OriginServer origin) {
        this.vertx = vertx;
        this.origin = origin;
        this.client = vertx.createHttpClient();
    }

    static EdgesOnOneOrigin start() throws Exception {
        Vertx vertx = Vertx.vertx();
        return new EdgesOnOneOrigin(vertx, OriginServer.start(vertx, OriginConfig.defaults().withPort(0)).await(10, TimeUnit.SECONDS));
    }

    /** An edge on an ephemeral port with an 8 MiB LRU store, in the PoP {@code cluster} describes (null: in none). */
    EdgeServer edge(String node, ClusterConfig cluster) throws Exception {
        EdgeConfig c = EdgeConfig.defaults().with(0, "http://127.0.0.1:" + origin.port(), 8L << 20, "lru", TOKEN).withNode(node);
        return EdgeServer.start(vertx, cluster == null ? c : c.withCluster(cluster)).await(90, TimeUnit.SECONDS);
    }

    /** "status cache-status|body" of one GET. */
    String get(EdgeServer e, String path) throws Exception {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(e.port()).setURI(path)
                .setHeaders(MultiMap.caseInsensitiveMultiMap().set("Host", HOST)).setTimeout(20_000);
        return client.request(o).compose(r -> r.send()).compose(resp -> resp.body().map(b -> resp.statusCode() + " "
                + resp.getHeader("Cache-Status") + "|" + b)).await(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        client.close().await(10, TimeUnit.SECONDS);
        origin.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
