package dev.popnet.edge.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An origin on a plain {@link ServerSocket}: it frames requests as a real HTTP/1.1 server does (by
 * Content-Length or chunked), records exactly the bytes of each one, and answers with whatever raw bytes
 * its script writes: wrong Content-Length, interim responses, trickled bodies, closed connections.
 */
public final class RawOrigin implements AutoCloseable {
    /** One request as the origin framed it: its connection (1-based), head and body, and every byte it took. */
    public record Request(int connection, String method, String target, String head, byte[] body, byte[] raw) {
        /** The first value of a header line, or null. */
        public String header(String name) {
            List<String> all = headers(name);
            return all.isEmpty() ? null : all.get(0);
        }

        public List<String> headers(String name) {
            List<String> out = new ArrayList<>();
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    out.add(line.substring(colon + 1).strip());
                }
            }
            return out;
        }

        public String rawText() {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
    }

    /** Answers one request by writing raw bytes to the connection (or closing it). */
    @FunctionalInterface
    public interface Script {
        void answer(Request request, Reply reply) throws IOException, InterruptedException;
    }

    /** The connection a script answers on. */
    public static final class Reply {
        private final Socket socket;
        private final OutputStream out;

        Reply(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        public Reply raw(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return this;
        }

        public Reply raw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            return this;
        }

        /** A 200 with these header lines ("Name: value") and a correct Content-Length. */
        public Reply ok(String body, String... headers) throws IOException {
            return status(200, body, headers);
        }

        public Reply status(int status, String body, String... headers) throws IOException {
            StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
            for (String h : headers) {
                sb.append(h).append("\r\n");
            }
            sb.append("Content-Length: ").append(body.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n\r\n").append(body);
            return raw(sb.toString());
        }

        public void close() throws IOException {
            socket.close();
        }
    }

    private final ServerSocket server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bodyBytes = new AtomicLong();
    private final AtomicInteger closedByPeer = new AtomicInteger();
    private volatile Script script;
    private volatile boolean sendContinue = true;

    private RawOrigin(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "raw-origin-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public static RawOrigin start(Script script) throws IOException {
        return new RawOrigin(script);
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public void script(Script s) {
        script = s;
    }

    /** Whether a request with {@code Expect: 100-continue} gets a 100 before its body is read (default yes). */
    public void sendContinue(boolean send) {
        sendContinue = send;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public Request last() {
        return requests.get(requests.size() - 1);
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Connections the peer (the edge) closed between requests. */
    public int closedByPeer() {
        return closedByPeer.get();
    }

    /** Body bytes read so far, counted as they arrive (before their request is complete). */
    public long bodyBytesReceived() {
        return bodyBytes.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                synchronized (sockets) {
                    if (server.isClosed()) {
                        s.close(); // accepted while closing: this origin is gone
                        return;
                    }
                    sockets.add(s);
                }
                int id = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, id), "raw-origin-" + id);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int id) {
        try (s) {
            InputStream in = s.getInputStream();
            Reply reply = new Reply(s);
            while (true) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                String head = WireReads.head(in, raw);
                if (head == null) {
                    closedByPeer.incrementAndGet();
                    return;
                }
                String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
                Request partial = new Request(id, requestLine[0], requestLine.length > 1 ? requestLine[1] : "", head, new byte[0], new byte[0]);
                if (sendContinue && "100-continue".equalsIgnoreCase(partial.header("Expect"))) {
                    reply.raw("HTTP/1.1 100 Continue\r\n\r\n");
                }
                byte[] body = readBody(in, partial, raw);
                Request r = new Request(id, partial.method(), partial.target(), head, body, raw.toByteArray());
                requests.add(r);
                script.answer(r, reply);
                if (s.isClosed()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the peer went away, or the script closed the connection
        }
    }

    private byte[] readBody(InputStream in, Request r, ByteArrayOutputStream raw) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String te = r.header("Transfer-Encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String sizeLine = WireReads.line(in, raw);
                int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
                if (size == 0) {
                    while (!WireReads.line(in, raw).isEmpty()) {
                        // trailer fields
                    }
                    return body.toByteArray();
                }
                copy(in, size, body, raw);
                WireReads.line(in, raw);
            }
        }
        String cl = r.header("Content-Length");
        if (cl != null) {
            copy(in, Long.parseLong(cl), body, raw);
        }
        return body.toByteArray();
    }

    private void copy(InputStream in, long n, ByteArrayOutputStream body, ByteArrayOutputStream raw) throws IOException {
        byte[] buf = new byte[65536];
        while (n > 0) {
            int got = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (got < 0) {
                throw new IOException("body cut short");
            }
            body.write(buf, 0, got);
            raw.write(buf, 0, got);
            bodyBytes.addAndGet(got);
            n -= got;
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (sockets) {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
