package dev.popnet.core.log;

/**
 * One answered request, as the access log records it.
 *
 * @param remote          client address
 * @param timeMillis      when the request arrived (epoch milliseconds)
 * @param method          request method
 * @param target          request target as sent (path and query)
 * @param protocol        e.g. HTTP/1.1
 * @param status          status code sent
 * @param bytesSent       body bytes sent
 * @param referer         Referer header, or null
 * @param userAgent       User-Agent header, or null
 * @param host            Host (authority) the client asked for, or null
 * @param cacheStatus     the Cache-Status header sent, or null (an origin has none)
 * @param upstreamNanos   time spent waiting for upstream answers, or -1 when nothing was fetched
 * @param durationNanos   from the request's arrival to the last byte sent
 */
public record AccessLogEntry(String remote, long timeMillis, String method, String target, String protocol, int status,
        long bytesSent, String referer, String userAgent, String host, String cacheStatus, long upstreamNanos, long durationNanos) {
    /** The protocol as a request line names it, from its ALPN id: {@code http/1.1} → {@code HTTP/1.1}, {@code h2} → {@code HTTP/2.0}. */
    public static String protocolOf(String alpnName) {
        if (alpnName == null) {
            return "HTTP/1.1";
        }
        return switch (alpnName) {
            case "h2", "h2c" -> "HTTP/2.0";
            case "h3" -> "HTTP/3.0";
            default -> alpnName.toUpperCase(java.util.Locale.ROOT);
        };
    }
}
