package dev.popnet.edge;

import dev.popnet.core.config.Check;
import java.util.List;
import java.util.Set;

/**
 * The HTTPS listener (see configs/edge.yaml, "tls"): HTTP/2 and HTTP/1.1 by ALPN, a certificate per
 * hostname chosen by SNI (each site's, else this default), re-read when the files change.
 *
 * @param enabled      listen for HTTPS on {@code port} as well as for plain HTTP
 * @param port         HTTPS port (0 picks a free one)
 * @param cert         PEM certificate chain served when no site's certificate matches the SNI name (or there is none)
 * @param key          PEM private key of {@code cert} (PKCS#8 or PKCS#1)
 * @param protocols    TLS versions offered
 * @param engine       openssl (BoringSSL, bundled for linux-x86_64) or jdk; auto: openssl where it loads, else jdk
 * @param http2        offer h2 by ALPN (else HTTP/1.1 only)
 * @param ocspResponse DER OCSP response for {@code cert} stapled to its handshakes (openssl engine), read again when it
 *                     changes; empty: none (each site may name its own, {@code tls-ocsp-response})
 */
public record TlsConfig(boolean enabled, int port, String cert, String key, List<String> protocols, String engine, Boolean http2,
        String ocspResponse) {
    private static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
    public static final List<String> ENGINES = List.of("auto", "openssl", "jdk");

    public TlsConfig {
        Check.port("port", port);
        cert = cert == null ? "" : cert;
        key = key == null ? "" : key;
        Check.that(cert.isEmpty() == key.isEmpty(), cert.isEmpty() ? "cert" : "key", "nothing", "cert and key go together");
        protocols = protocols == null ? List.of("TLSv1.2", "TLSv1.3") : List.copyOf(protocols);
        Check.that(!protocols.isEmpty() && PROTOCOLS.containsAll(protocols), "protocols", protocols, "must be TLSv1.2, TLSv1.3 or both");
        engine = engine == null ? "auto" : engine;
        Check.that(ENGINES.contains(engine), "engine", engine, "must be one of " + String.join(", ", ENGINES));
        http2 = http2 == null || http2;
        ocspResponse = ocspResponse == null ? "" : ocspResponse;
        Check.that(ocspResponse.isEmpty() || !cert.isEmpty(), "ocsp-response", ocspResponse, "is for tls.cert, which is not set");
        Check.that(ocspResponse.isEmpty() || !engine.equals("jdk"), "ocsp-response", ocspResponse,
                "needs engine openssl (or auto): the jdk engine cannot staple a given response");
    }

    public static TlsConfig defaults() {
        return new TlsConfig(false, 8443, "", "", List.of("TLSv1.2", "TLSv1.3"), "auto", true, "");
    }
}
