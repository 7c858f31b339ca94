package dev.popnet.edge;

import dev.popnet.core.http.CacheControl;
import dev.popnet.core.http.CacheRules;
import dev.popnet.core.http.HeaderList;
import dev.popnet.core.http.HttpDates;
import io.vertx.core.buffer.Buffer;

/**
 * One stored response (one variant of one URL): status, headers, body, when it was asked for and
 * received, and what RFC 9111 derives from those once: its corrected initial age (§4.2.3), its
 * freshness lifetime (§4.2.1), its governing directives and Last-Modified, so a hit parses no headers.
 */
record StoredObject(String primaryKey, String varyKey, int status, HeaderList headers, Buffer body, long requestTime,
        long responseTime, long initialAgeMillis, long lifetimeSeconds, CacheControl directives, long lastModified) {

    static StoredObject of(String primaryKey, String varyKey, int status, HeaderList headers, Buffer body, long requestTime,
            long responseTime, long heuristicCapSeconds) {
        return new StoredObject(primaryKey, varyKey, status, headers, body, requestTime, responseTime,
                CacheRules.correctedInitialAgeMillis(headers, requestTime, responseTime),
                CacheRules.freshnessLifetime(headers, status, heuristicCapSeconds), CacheRules.responseDirectives(headers),
                HttpDates.parse(headers.get("Last-Modified")));
    }

    /** §4.2.3 current_age at {@code nowMillis}, in seconds. */
    long ageSeconds(long nowMillis) {
        return (initialAgeMillis + Math.max(0, nowMillis - responseTime)) / 1000;
    }

    /** What the object costs in memory, for the byte bound: body plus an estimate for headers and bookkeeping. */
    long weight() {
        long h = 64;
        for (HeaderList.Field f : headers.fields()) {
            h += f.name().length() + f.value().length() + 32L;
        }
        return body.length() + h + primaryKey.length() + varyKey.length();
    }

    /** The same response with its body, once all of it has arrived. */
    StoredObject withBody(Buffer b) {
        return new StoredObject(primaryKey, varyKey, status, headers, b, requestTime, responseTime, initialAgeMillis, lifetimeSeconds,
                directives, lastModified);
    }

    /** After a 304 (§4.3.4): the stored body with the freshened headers and new times. */
    StoredObject freshened(HeaderList newHeaders, long newRequestTime, long newResponseTime, long heuristicCapSeconds) {
        return of(primaryKey, varyKey, status, newHeaders, body, newRequestTime, newResponseTime, heuristicCapSeconds);
    }
}
