package dev.popnet.origin;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/** A response body with its validators and metadata, before conditionals and ranges are applied. */
record Representation(String contentType, String etag, long lastModified, String cacheControl, long length,
        Map<String, String> extraHeaders, Body body) {

    /** Writes bytes first..first+count-1 and ends the response. */
    @FunctionalInterface
    interface Body {
        Future<Void> send(HttpServerResponse response, long first, long count);
    }
}
