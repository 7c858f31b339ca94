package dev.popnet.core.http;

/** Why a response was not stored (RFC 9111 §3), for {@code Cache-Status: ...; detail=} and stats. */
public enum NoCacheReason {
    METHOD("method"),
    STATUS("status"),
    NO_STORE("no-store"),
    PRIVATE("private"),
    AUTHORIZATION("authorization"),
    SET_COOKIE("set-cookie"),
    TOO_LARGE("too-large"),
    VARY_STAR("vary-star"),
    NO_FRESHNESS("no-freshness-info"),
    REQUEST_NO_STORE("request-no-store");

    private final String detail;

    NoCacheReason(String detail) {
        this.detail = detail;
    }

    public String detail() {
        return detail;
    }
}
