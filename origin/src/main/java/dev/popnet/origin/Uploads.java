package dev.popnet.origin;

import io.vertx.core.http.HttpServerRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST}, {@code PUT}, {@code PATCH} and {@code DELETE} on {@code /obj/{id}}: the body is read as it
 * streams (never held whole) and the answer says what arrived, so a client can check that a proxy
 * passed its body on intact. Answered 200 with {@code Cache-Control: no-store}, which lets caches run
 * their invalidation (RFC 9111 §4.4).
 */
final class Uploads {
    private Uploads() {
    }

    static void accept(HttpServerRequest request) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long[] bytes = {0};
        request.handler(chunk -> {
            bytes[0] += chunk.length();
            sha256.update(chunk.getBytes());
        });
        request.exceptionHandler(e -> Errors.send(request.response(), 400, "request body cut short"));
        request.endHandler(v -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("method", request.method().name());
            body.put("path", request.path());
            body.put("bytes", bytes[0]);
            body.put("sha256", HexFormat.of().formatHex(sha256.digest()));
            OriginHandler.json(request.response(), body);
        });
    }
}
