package dev.popnet.origin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A real HTTP client and a raw socket for requests a well-behaved client would never send. */
final class OriginTestSupport {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OriginTestSupport() {
    }

    static HttpResponse<byte[]> get(int port, String path, String... headers) throws Exception {
        return send(port, "GET", path, null, headers);
    }

    static HttpResponse<byte[]> send(int port, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sends raw bytes, returns everything the server answers until it closes or 2 s pass. */
    static String raw(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    got.write(buf, 0, n);
                    if (got.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // the server kept the connection open after answering: what we have is the answer
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static int rawStatus(int port, String request) throws IOException {
        String answer = raw(port, request);
        if (!answer.startsWith("HTTP/1.")) {
            return -1; // HTTP/1.0 too: a request line too long to parse gets a 1.0 status line
        }
        return Integer.parseInt(answer.substring(9, 12));
    }
}
