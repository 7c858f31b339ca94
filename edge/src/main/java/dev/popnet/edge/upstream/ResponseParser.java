package dev.popnet.edge.upstream;

import dev.popnet.core.http.FieldValues;
import dev.popnet.core.http.HeaderList;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An incremental, strict HTTP/1.1 response parser (RFC 9112) for one connection. Framing follows §6.3:
 * no body for HEAD, 1xx, 204 and 304; Transfer-Encoding (chunked last) over Content-Length, and then
 * the connection is not reused; a Content-Length must be one non-negative integer (repeated identical
 * values allowed); otherwise the body runs to the close. Interim responses are reported and skipped.
 * Malformed input is an error, never a guess: a proxy that guesses framing can be made to cache one
 * response under another's URL.
 */
final class ResponseParser {
    static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_LINE = 8 * 1024;

    /** What the parser found; called on the connection's event loop. */
    interface Events {
        void interim(int status, HeaderList headers);

        void head(int status, String reason, HeaderList headers, long contentLength);

        void body(Buffer chunk);

        void end();

        void error(UpstreamException e);
    }

    private enum State { IDLE, HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, TO_CLOSE, DONE, FAILED }

    private final Events events;
    private Buffer acc = Buffer.buffer();
    private int pos;
    private State state = State.IDLE;
    private boolean headRequest;
    private boolean paused;
    private long remaining;
    private boolean reusable;
    private int trailerBytes;
    /** The fields of the last head parsed, as they were received. */
    private List<HeaderList.Field> last = List.of();

    ResponseParser(Events events) {
        this.events = events;
    }

    /** Expects the response to a new request ({@code head}: to a HEAD request, so without a body). */
    void expect(boolean head) {
        headRequest = head;
        state = State.HEAD;
        reusable = true;
        paused = false;
        trailerBytes = 0;
        run();
    }

    void feed(Buffer data) {
        if (pos == acc.length()) {
            acc = data;
            pos = 0;
        } else {
            acc.appendBuffer(data);
        }
        run();
    }

    /** The connection reached its end of stream. */
    void closed() {
        if (state == State.TO_CLOSE) {
            state = State.DONE;
            reusable = false;
            events.end();
        } else if (state != State.DONE && state != State.IDLE && state != State.FAILED) {
            fail(UpstreamException.Kind.CLOSED, "the upstream closed the connection before the response was complete");
        }
    }

    void pause() {
        paused = true;
    }

    void resume() {
        if (paused) {
            paused = false;
            run();
        }
    }

    boolean paused() {
        return paused;
    }

    boolean done() {
        return state == State.DONE;
    }

    /** After {@link #done()}: whether the connection may carry another request (framing clean, nothing left over). */
    boolean reusable() {
        return state == State.DONE && reusable && pos == acc.length();
    }

    private void run() {
        boolean progress = true;
        while (progress && !paused) {
            progress = switch (state) {
                case HEAD -> head();
                case LENGTH -> counted(false);
                case CHUNK_SIZE -> chunkSize();
                case CHUNK_DATA -> counted(true);
                case CHUNK_END -> chunkEnd();
                case TRAILERS -> trailers();
                case TO_CLOSE -> toClose();
                default -> false;
            };
        }
    }

    private boolean head() {
        int end = headEnd();
        if (end < 0) {
            if (acc.length() - pos > MAX_HEAD) {
                fail(UpstreamException.Kind.PROTOCOL, "response head larger than " + MAX_HEAD + " bytes");
            }
            return false;
        }
        String text = acc.getString(pos, end, StandardCharsets.ISO_8859_1.name());
        pos = end;
        List<String> lines = lines(text);
        if (lines == null) {
            return fail(UpstreamException.Kind.PROTOCOL, "bare CR in the response head");
        }
        String statusLine = lines.get(0);
        if (!validStatusLine(statusLine)) {
            return fail(UpstreamException.Kind.PROTOCOL, "invalid status line: " + printable(statusLine));
        }
        boolean http10 = statusLine.startsWith("HTTP/1.0");
        int status = Integer.parseInt(statusLine.substring(9, 12));
        String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
        HeaderList headers = fields(lines);
        if (headers == null) {
            return false;
        }
        if (status < 100) {
            return fail(UpstreamException.Kind.PROTOCOL, "invalid status " + status);
        }
        if (status < 200) {
            if (status == 101) {
                return fail(UpstreamException.Kind.PROTOCOL, "unrequested protocol switch (101)");
            }
            events.interim(status, headers);
            return true; // the final response follows
        }
        String connection = headers.list("Connection");
        reusable = !FieldValues.hasToken(connection, "close") && (!http10 || FieldValues.hasToken(connection, "keep-alive"));
        String te = headers.list("Transfer-Encoding");
        String cl = headers.list("Content-Length");
        long length;
        if (headRequest || status == 204 || status == 304) {
            length = 0;
            state = State.DONE;
        } else if (te != null) {
            List<String> codings = FieldValues.elements(te);
            boolean chunked = !codings.isEmpty() && codings.get(codings.size() - 1).equalsIgnoreCase("chunked");
            reusable &= cl == null && chunked; // §6.1: both present is an error; the connection is done after it
            length = -1;
            state = chunked ? State.CHUNK_SIZE : State.TO_CLOSE;
        } else if (cl != null) {
            length = contentLength(cl);
            if (length < 0) {
                return fail(UpstreamException.Kind.PROTOCOL, "invalid Content-Length: " + printable(cl));
            }
            remaining = length;
            state = length == 0 ? State.DONE : State.LENGTH;
        } else {
            length = -1;
            reusable = false;
            state = State.TO_CLOSE;
        }
        events.head(status, reason, headers, length);
        if (state == State.DONE) {
            events.end();
        }
        return true;
    }

    /** {@code HTTP/1.x NNN} and an optional reason after a space (§4), checked without a regex: it runs once per response. */
    static boolean validStatusLine(String line) {
        if (line.length() < 12 || !line.startsWith("HTTP/1.") || !digit(line.charAt(7)) || line.charAt(8) != ' ') {
            return false;
        }
        return digit(line.charAt(9)) && digit(line.charAt(10)) && digit(line.charAt(11)) && (line.length() == 12 || line.charAt(12) == ' ');
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** §8.6: one non-negative integer; a list of identical values counts as one. */
    static long contentLength(String value) {
        if (!value.isEmpty() && value.length() <= 18 && digits(value)) {
            return Long.parseLong(value); // the usual one plain number
        }
        long result = -1;
        for (String member : value.split(",", -1)) {
            String m = member.strip();
            if (m.isEmpty() || m.length() > 18 || !digits(m)) {
                return -1;
            }
            long n = Long.parseLong(m);
            if (result >= 0 && n != result) {
                return -1;
            }
            result = n;
        }
        return result;
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!digit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Body bytes counted down from {@code remaining}: the whole body (Content-Length) or one chunk. */
    private boolean counted(boolean chunk) {
        int available = acc.length() - pos;
        if (available == 0) {
            return false;
        }
        int n = (int) Math.min(remaining, available);
        emit(n);
        remaining -= n;
        if (remaining == 0 && chunk) {
            state = State.CHUNK_END;
        } else if (remaining == 0) {
            state = State.DONE;
            events.end();
        }
        return true;
    }

    private boolean chunkSize() {
        String line = line();
        if (line == null) {
            return false;
        }
        int semi = line.indexOf(';');
        String size = (semi < 0 ? line : line.substring(0, semi)).stripTrailing();
        if (size.isEmpty() || size.length() > 15 || !size.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return fail(UpstreamException.Kind.PROTOCOL, "invalid chunk size: " + printable(line));
        }
        remaining = Long.parseLong(size, 16);
        state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
        return true;
    }

    private boolean chunkEnd() {
        String line = line();
        if (line == null) {
            return false;
        }
        if (!line.isEmpty()) {
            return fail(UpstreamException.Kind.PROTOCOL, "chunk longer than its size");
        }
        state = State.CHUNK_SIZE;
        return true;
    }

    private boolean trailers() {
        int before = pos;
        String line = line();
        if (line == null) {
            return false;
        }
        trailerBytes += pos - before;
        if (trailerBytes > MAX_HEAD) {
            return fail(UpstreamException.Kind.PROTOCOL, "trailer section too large");
        }
        if (line.isEmpty()) {
            state = State.DONE;
            events.end();
        }
        return true; // trailer fields are dropped: nothing downstream of the cache needs them
    }

    private boolean toClose() {
        int available = acc.length() - pos;
        if (available == 0) {
            return false;
        }
        emit(available);
        return true;
    }

    private void emit(int n) {
        // A view, not a copy: what was received is never written to again (more input is appended after it).
        Buffer chunk = pos == 0 && n == acc.length() ? acc : acc.slice(pos, pos + n);
        pos += n;
        if (pos == acc.length()) {
            acc = Buffer.buffer();
            pos = 0;
        }
        events.body(chunk);
    }

    /** One line without its CRLF (or bare LF), or null when it has not fully arrived. */
    private String line() {
        for (int i = pos; i < acc.length(); i++) {
            if (acc.getByte(i) == '\n') {
                int end = i > pos && acc.getByte(i - 1) == '\r' ? i - 1 : i;
                String line = acc.getString(pos, end, StandardCharsets.ISO_8859_1.name());
                pos = i + 1;
                return line;
            }
        }
        if (acc.length() - pos > MAX_LINE) {
            fail(UpstreamException.Kind.PROTOCOL, "line longer than " + MAX_LINE + " bytes");
        }
        return null;
    }

    /** Index just past the empty line that ends the head, or -1. */
    private int headEnd() {
        for (int i = pos; i < acc.length(); i++) {
            if (acc.getByte(i) == '\n') {
                if (i + 1 < acc.length() && acc.getByte(i + 1) == '\n') {
                    return i + 2;
                }
                if (i + 2 < acc.length() && acc.getByte(i + 1) == '\r' && acc.getByte(i + 2) == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    private static List<String> lines(String head) {
        List<String> out = new ArrayList<>();
        for (String line : head.split("\n")) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.indexOf('\r') >= 0) {
                return null;
            }
            out.add(l);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /**
     * Header fields from the head's lines after the status line; obs-fold becomes a space (§5.2). A line
     * the same as one of the previous head's (an upstream sends its Content-Type, Cache-Control, Date...
     * alike response after response) gives that head's field object again: a stored response then holds
     * no copy of its own of them.
     */
    private HeaderList fields(List<String> lines) {
        List<HeaderList.Field> fields = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (fields.isEmpty()) {
                    fail(UpstreamException.Kind.PROTOCOL, "whitespace before the first header field");
                    return null;
                }
                HeaderList.Field folded = fields.remove(fields.size() - 1);
                fields.add(new HeaderList.Field(folded.name(), (folded.value() + " " + line.strip()).strip()));
                continue;
            }
            HeaderList.Field again = previous(line, fields.size());
            if (again != null) {
                fields.add(again);
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon <= 0 ? "" : line.substring(0, colon);
            if (!isToken(name)) {
                fail(UpstreamException.Kind.PROTOCOL, "invalid header field: " + printable(line));
                return null;
            }
            String value = line.substring(colon + 1).strip();
            if (value.indexOf('\0') >= 0) {
                fail(UpstreamException.Kind.PROTOCOL, "NUL in header field " + name);
                return null;
            }
            fields.add(new HeaderList.Field(name, value));
        }
        last = fields;
        return new HeaderList(fields);
    }

    /** The previous head's field at {@code index}, or at the index before it, when {@code line} is exactly that field. */
    private HeaderList.Field previous(String line, int index) {
        for (int i = index; i >= Math.max(0, index - 1); i--) {
            if (i < last.size()) {
                HeaderList.Field f = last.get(i);
                int n = f.name().length();
                if (line.length() == n + 2 + f.value().length() && line.charAt(n) == ':' && line.charAt(n + 1) == ' '
                        && line.startsWith(f.name()) && line.endsWith(f.value()) && !f.value().isEmpty()) {
                    return f;
                }
            }
        }
        return null;
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private boolean fail(UpstreamException.Kind kind, String message) {
        state = State.FAILED;
        events.error(new UpstreamException(kind, message));
        return false;
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
