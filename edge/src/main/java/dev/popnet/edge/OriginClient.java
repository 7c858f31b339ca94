package dev.popnet.edge;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import java.net.URI;
import java.time.Duration;

/** Requests to the origin over a pooled keep-alive client, with connect and idle timeouts. */
final class OriginClient {
    private final HttpClientAgent client;
    private final String host;
    private final int port;
    private final long timeoutMillis;

    OriginClient(Vertx vertx, String origin, Duration timeout) {
        URI uri = URI.create(origin);
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 80 : uri.getPort();
        this.timeoutMillis = timeout.toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setConnectTimeout((int) timeoutMillis), new PoolOptions().setHttp1MaxSize(64));
    }

    String authority() {
        return port == 80 ? host : host + ":" + port;
    }

    /** Sends a request; the response arrives paused, so the caller decides where its body goes. */
    Future<HttpClientResponse> send(HttpMethod method, String uri, MultiMap headers, ReadStream<Buffer> body) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(uri)
                .setHeaders(headers).setIdleTimeout(timeoutMillis).setConnectTimeout(timeoutMillis);
        return client.request(options).compose(req -> {
            Future<HttpClientResponse> sent = body == null ? req.send() : req.send(body);
            return sent.map(resp -> resp.pause());
        });
    }

    Future<Void> close() {
        return client.close();
    }
}
