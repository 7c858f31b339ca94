package dev.popnet.edge;

import dev.popnet.core.http.HeaderList;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored response's header fields as bytes, kept in front of its body (in direct memory once stored)
 * rather than as strings on the Java heap: a store of millions of objects would otherwise hold all their
 * fields in the heap, and each young collection copies what a miss has just stored. The layout: the
 * number of fields, then each name and value as a length and its bytes, ISO-8859-1 where every char
 * fits (what HTTP/1 field bytes decode to), else UTF-8 with the length negated minus one.
 */
final class HeadBytes {
    private HeadBytes() {
    }

    static Buffer of(HeaderList headers) {
        Buffer out = Buffer.buffer(16 + 48 * headers.fields().size());
        out.appendInt(headers.fields().size());
        for (HeaderList.Field f : headers.fields()) {
            append(out, f.name());
            append(out, f.value());
        }
        return out;
    }

    private static void append(Buffer out, String s) {
        if (latin1(s)) {
            out.appendInt(s.length()).appendBytes(s.getBytes(StandardCharsets.ISO_8859_1));
        } else {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.appendInt(-utf8.length - 1).appendBytes(utf8);
        }
    }

    private static boolean latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** The fields of the head at the start of {@code bytes} ({@code length} bytes of it). */
    static HeaderList decode(Buffer bytes, int length) {
        byte[] b = bytes.getBytes(0, length);
        int n = readInt(b, 0);
        List<HeaderList.Field> fields = new ArrayList<>(n);
        int[] at = {4};
        for (int i = 0; i < n; i++) {
            fields.add(new HeaderList.Field(text(b, at), text(b, at)));
        }
        return new HeaderList(fields);
    }

    private static String text(byte[] b, int[] at) {
        int n = readInt(b, at[0]);
        at[0] += 4;
        String s = n >= 0 ? new String(b, at[0], n, StandardCharsets.ISO_8859_1) : new String(b, at[0], -n - 1, StandardCharsets.UTF_8);
        at[0] += n >= 0 ? n : -n - 1;
        return s;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
