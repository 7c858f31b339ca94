package dev.popnet.edge;

import dev.popnet.core.http.HeaderList;
import io.vertx.core.buffer.Buffer;

/**
 * One stored response (one variant of one URL): status, headers, body, and when it was asked for and
 * received (for Age, RFC 9111 §4.2.3).
 */
record StoredObject(String primaryKey, String varyKey, int status, HeaderList headers, Buffer body, long requestTime,
        long responseTime) {

    /** What the object costs in memory, for the byte bound: body plus an estimate for headers and bookkeeping. */
    long weight() {
        long h = 64;
        for (HeaderList.Field f : headers.fields()) {
            h += f.name().length() + f.value().length() + 32L;
        }
        return body.length() + h + primaryKey.length() + varyKey.length();
    }

    StoredObject freshened(HeaderList newHeaders, long newRequestTime, long newResponseTime) {
        return new StoredObject(primaryKey, varyKey, status, newHeaders, body, newRequestTime, newResponseTime);
    }
}
