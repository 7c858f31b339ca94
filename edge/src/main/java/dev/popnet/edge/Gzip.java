package dev.popnet.edge;

import dev.popnet.core.http.HeaderList;
import dev.popnet.edge.upstream.UpstreamResponse;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** gzip (RFC 1952) as a body passes, chunk by chunk, for origins that send compressible content uncompressed. */
final class Gzip implements UpstreamResponse.BodyCoding {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final Set<String> TYPES = Set.of("application/json", "application/javascript", "application/x-javascript",
            "application/xml", "application/xhtml+xml", "application/rss+xml", "application/atom+xml", "application/ld+json",
            "application/manifest+json", "application/wasm", "image/svg+xml", "image/x-icon", "font/ttf", "font/otf");

    private final Deflater deflater = new Deflater(6, true);
    private final CRC32 crc = new CRC32();
    private final byte[] out = new byte[16 * 1024];
    private boolean started;

    /** Text, and the structured and script types browsers fetch most. */
    static boolean compressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || TYPES.contains(type) || type.endsWith("+json") || type.endsWith("+xml");
    }

    /** The head of the coded response: gzip, no length yet, and a weak validator (the bytes differ from the origin's). */
    static HeaderList head(HeaderList h) {
        HeaderList out = h.without("Content-Length").with("Content-Encoding", "gzip");
        String etag = h.get("ETag");
        return etag == null || etag.startsWith("W/") ? out : out.with("ETag", "W/" + etag);
    }

    @Override
    public Buffer code(Buffer chunk) {
        Buffer result = Buffer.buffer(chunk.length() / 2 + 64);
        if (!started) {
            started = true;
            result.appendBytes(HEADER);
        }
        byte[] in = chunk.getBytes();
        crc.update(in);
        deflater.setInput(in);
        while (!deflater.needsInput()) {
            int n = deflater.deflate(out);
            result.appendBytes(out, 0, n);
        }
        return result;
    }

    @Override
    public Buffer finish() {
        Buffer result = Buffer.buffer(64);
        if (!started) {
            started = true;
            result.appendBytes(HEADER);
        }
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(out);
            result.appendBytes(out, 0, n);
        }
        result.appendIntLE((int) crc.getValue()).appendIntLE((int) deflater.getBytesRead());
        deflater.end();
        return result;
    }
}
