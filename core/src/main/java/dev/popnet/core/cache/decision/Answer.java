package dev.popnet.core.cache.decision;

import dev.popnet.core.http.HeaderList;
import dev.popnet.core.http.Headers;

/** What the next hop (origin, parent PoP or owner edge) answered to a fetch, pass or revalidation. */
public sealed interface Answer {

    /**
     * A full response (any status, 5xx included).
     *
     * @param received the header fields as received, for Date and Age (§4.2.3); often {@code head.headers()}
     * @param size     body bytes
     * @param version  the representation's version (see {@link Stored#version()})
     */
    record Full(ResponseHead head, Headers received, long size, long version) implements Answer {
    }

    /**
     * 304 Not Modified to a conditional request.
     *
     * @param headers  the fields it carried that update the stored ones (§4.3.4), or null for none
     * @param received the header fields as received, for Date and Age
     */
    record NotModified(HeaderList headers, Headers received) implements Answer {
    }

    /**
     * No response: the next hop did not answer in time, could not be reached or went away
     * ({@code unreachable}: RFC 9111 §4.2.4 "disconnected"), or answered so badly nothing could be used.
     */
    record Failed(boolean timeout, boolean unreachable) implements Answer {
        /** A timeout, or else a next hop that could not be reached. */
        public Failed(boolean timeout) {
            this(timeout, !timeout);
        }

        public int status() {
            return timeout ? 504 : 502;
        }
    }
}
