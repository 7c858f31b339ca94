package dev.popnet.origin;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpServerResponse;

/** The one way the origin renders an error: status line, short plain-text reason, nothing cached. */
final class Errors {
    private Errors() {
    }

    static void send(HttpServerResponse response, int status, String message) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(status);
        if (!response.headers().contains("Cache-Control")) {
            response.putHeader("Cache-Control", "no-store");
        }
        response.putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(status + " " + HttpResponseStatus.valueOf(status).reasonPhrase() + ": " + message + "\n");
    }
}
