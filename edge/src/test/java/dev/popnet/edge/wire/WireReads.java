package dev.popnet.edge.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reading HTTP/1.1 framing off a stream byte by byte, keeping every byte read. */
final class WireReads {
    private WireReads() {
    }

    /** A head up to and including its empty line, or null at the end of the stream before any byte. */
    static String head(InputStream in, ByteArrayOutputStream seen) throws IOException {
        int start = seen.size();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return seen.size() == start ? null : seen.toString(StandardCharsets.ISO_8859_1).substring(start);
            }
            seen.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return seen.toString(StandardCharsets.ISO_8859_1).substring(start);
    }

    /** One line without its CRLF (or LF). */
    static String line(InputStream in, ByteArrayOutputStream seen) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            seen.write(b);
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }
}
