package dev.popnet.core.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;

/**
 * Access log line formats. {@code combined} is nginx's (and Apache's) combined format followed by the
 * cache status, the upstream time and the request time in seconds, as nginx logs
 * {@code "$upstream_cache_status" $upstream_response_time $request_time}; tools that read combined
 * ignore what follows. {@code json} is one object per line with the same fields.
 */
public enum AccessLogFormat {
    COMBINED(AccessLogFormat::combined),
    JSON(AccessLogFormat::json);

    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private final Function<AccessLogEntry, String> render;

    AccessLogFormat(Function<AccessLogEntry, String> render) {
        this.render = render;
    }

    /** The line for one request, without the newline. */
    public String format(AccessLogEntry e) {
        return render.apply(e);
    }

    private static String combined(AccessLogEntry e) {
        StringBuilder sb = new StringBuilder(200);
        sb.append(orDash(e.remote())).append(" - - [")
                .append(CLF.format(Instant.ofEpochMilli(e.timeMillis()).atZone(ZoneId.systemDefault()))).append("] \"");
        quoted(sb, e.method() + " " + e.target() + " " + e.protocol()).append("\" ").append(e.status()).append(' ')
                .append(e.bytesSent()).append(" \"");
        quoted(sb, orDash(e.referer())).append("\" \"");
        quoted(sb, orDash(e.userAgent())).append("\" \"");
        quoted(sb, orDash(e.cacheStatus())).append("\" ");
        sb.append(e.upstreamNanos() < 0 ? "-" : seconds(e.upstreamNanos())).append(' ').append(seconds(e.durationNanos()));
        return sb.toString();
    }

    private static String json(AccessLogEntry e) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("time", Instant.ofEpochMilli(e.timeMillis()).toString());
        o.put("remote", e.remote());
        o.put("host", e.host());
        o.put("method", e.method());
        o.put("target", e.target());
        o.put("protocol", e.protocol());
        o.put("status", e.status());
        o.put("bytes_sent", e.bytesSent());
        o.put("referer", e.referer());
        o.put("user_agent", e.userAgent());
        o.put("cache_status", e.cacheStatus());
        if (e.upstreamNanos() >= 0) {
            o.put("upstream_seconds", e.upstreamNanos() / 1e9);
        } else {
            o.putNull("upstream_seconds");
        }
        o.put("request_seconds", e.durationNanos() / 1e9);
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Built on the first JSON line: a server logging combined lines, or none, never starts Jackson for it. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** nginx's escaping inside quotes: {@code "} and {@code \}, control and non-ASCII bytes as {@code \xHH}. */
    private static StringBuilder quoted(StringBuilder sb, String s) {
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\x%02X", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb;
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** Seconds with millisecond resolution, as nginx prints times. */
    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }
}
