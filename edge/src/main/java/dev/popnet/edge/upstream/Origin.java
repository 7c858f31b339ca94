package dev.popnet.edge.upstream;

import io.vertx.core.Future;

/** Where the edge sends what it does not answer itself: one upstream server, or a pool of them. */
public interface Origin {
    /** Sends a request on the caller's event loop; the response arrives with its body paused. */
    Future<UpstreamResponse> send(UpstreamRequest request);

    /** The Host the requests are sent with. */
    String authority();

    /** Lets go of every connection; requests still in flight may fail. */
    Future<Void> close();
}
