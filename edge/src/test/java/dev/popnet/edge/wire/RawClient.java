package dev.popnet.edge.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A client on a plain socket, for requests a well-behaved client never sends and for reading responses byte by byte. */
public final class RawClient implements AutoCloseable {
    /** One response as it came: status, header lines, body (framed by Content-Length or chunked; none for 1xx and HEAD). */
    public record Response(int status, List<String> headerLines, byte[] body) {
        public String header(String name) {
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }

        public String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawClient(int port) throws IOException {
        this(port, null);
    }

    /** Connects from {@code localAddress} (e.g. another 127.x address, to play a different host), or any when null. */
    public RawClient(int port, InetAddress localAddress) throws IOException {
        socket = localAddress == null ? new Socket(InetAddress.getLoopbackAddress(), port)
                : new Socket(InetAddress.getLoopbackAddress(), port, localAddress, 0);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next response (an interim one counts as one); {@code head}: it answers a HEAD, so it has no body. */
    public Response read(boolean head) throws IOException {
        String headText = readHead();
        if (headText == null) {
            throw new IOException("connection closed before a response");
        }
        String[] lines = headText.split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
        Response bare = new Response(status, headers, new byte[0]);
        if (head || status < 200 || status == 204 || status == 304) {
            return bare;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String te = bare.header("Transfer-Encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                int size = Integer.parseInt(line().split(";")[0].strip(), 16);
                if (size == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                body.write(in.readNBytes(size));
                line();
            }
        } else if (bare.header("Content-Length") != null) {
            int n = Integer.parseInt(bare.header("Content-Length"));
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw new IOException("body cut short: " + b.length + " of " + n);
            }
            body.write(b);
        } else {
            body.write(in.readAllBytes());
        }
        return new Response(status, headers, body.toByteArray());
    }

    public Response read() throws IOException {
        return read(false);
    }

    /** The final response, skipping (and returning in {@code interim}) any 1xx before it. */
    public Response readFinal(List<Response> interim) throws IOException {
        Response r = read();
        while (r.status() < 200) {
            interim.add(r);
            r = read();
        }
        return r;
    }

    /** Whether the peer closed the connection within the wait (reads and drops anything still sent). */
    public boolean closedWithin(long millis) throws IOException {
        socket.setSoTimeout((int) millis);
        try {
            byte[] buf = new byte[8192];
            while (in.read(buf) >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    private String readHead() throws IOException {
        String head = WireReads.head(in, new ByteArrayOutputStream());
        return head == null || !head.endsWith("\r\n\r\n") ? head : head.substring(0, head.length() - 4);
    }

    private String line() throws IOException {
        return WireReads.line(in, new ByteArrayOutputStream());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
