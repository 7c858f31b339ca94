package dev.popnet.edge.upstream;

/** Why an upstream exchange failed; the kind decides between 502, 504 and serving stale. */
public final class UpstreamException extends RuntimeException {
    public enum Kind {
        /** The connection could not be made. */
        CONNECT,
        /** The connection closed (or was reset) before the response was complete. */
        CLOSED,
        /** No byte within the upstream timeout, or the whole response took too long. */
        TIMEOUT,
        /** The upstream sent something that is not a valid HTTP/1.1 response. */
        PROTOCOL
    }

    private final Kind kind;

    public UpstreamException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The upstream could not be reached or went away (RFC 9111 §4.2.4 "disconnected"), as opposed to answering badly. */
    public boolean disconnected() {
        return kind != Kind.PROTOCOL;
    }
}
