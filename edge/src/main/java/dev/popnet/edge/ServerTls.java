package dev.popnet.edge;

import dev.popnet.core.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * The HTTPS listener's certificates and protocols, read from the PEM files a config names: the default
 * ({@code tls.cert}) first, then each site's; Vert.x picks the one whose names match the client's SNI.
 * {@link #load} reads and checks every file (that it parses, that each key belongs to its certificate),
 * so a bad file is refused with its name before anything changes.
 */
final class ServerTls {
    private final ServerSSLOptions options;
    private final TlsConfig tls;
    private final Map<Path, Long> files;

    private ServerTls(ServerSSLOptions options, TlsConfig tls, Map<Path, Long> files) {
        this.options = options;
        this.tls = tls;
        this.files = files;
    }

    /** Reads and checks the certificates of a config with TLS enabled; throws a {@link ConfigException} naming the bad file. */
    static ServerTls load(Vertx vertx, EdgeConfig config) {
        TlsConfig tls = config.tls();
        List<Certificate> certificates = new ArrayList<>();
        if (!tls.cert().isEmpty()) {
            certificates.add(new Certificate(tls.cert(), tls.key(), tls.ocspResponse(), "tls.cert", "tls.key", "tls.ocsp-response"));
        }
        for (int i = 0; i < config.sites().size(); i++) {
            SiteConfig s = config.sites().get(i);
            if (!s.tlsCert().isEmpty()) {
                String at = "sites[" + i + "].";
                certificates.add(new Certificate(s.tlsCert(), s.tlsKey(), s.tlsOcspResponse(), at + "tls-cert", at + "tls-key",
                        at + "tls-ocsp-response"));
            }
        }
        PemKeyCertOptions pem = new PemKeyCertOptions();
        Map<Path, Long> files = new LinkedHashMap<>();
        Map<X509Certificate, byte[]> staples = new LinkedHashMap<>();
        for (Certificate c : certificates) {
            String[][] named = {{c.cert(), c.certKey()}, {c.key(), c.keyKey()}, {c.ocsp(), c.ocspKey()}};
            for (String[] f : named) {
                if (f[0].isEmpty()) {
                    continue;
                }
                Path file = Path.of(f[0]);
                try {
                    files.put(file, Files.getLastModifiedTime(file).toMillis());
                } catch (java.io.IOException e) {
                    throw new ConfigException("tls", f[1], "cannot read " + file + ": " + e);
                }
            }
            check(vertx, new PemKeyCertOptions().setCertPath(c.cert()).setKeyPath(c.key()), c);
            if (!c.ocsp().isEmpty() && !usesOpenSsl(tls)) {
                throw new ConfigException("tls", c.ocspKey(), "OCSP stapling needs the openssl engine, which does not load here");
            }
            X509Certificate leaf = leaf(c);
            staples.put(leaf, c.ocsp().isEmpty() ? null : OcspStapling.read(Path.of(c.ocsp()), leaf, c.ocspKey()));
            pem.addCertPath(c.cert()).addKeyPath(c.key());
        }
        OcspStapling.use(staples);
        ServerSSLOptions options = new ServerSSLOptions().setKeyCertOptions(pem).setSni(true)
                .setEnabledSecureTransportProtocols(new java.util.LinkedHashSet<>(tls.protocols()))
                .setUseAlpn(true).setApplicationLayerProtocols(alpn(tls))
                .setSslHandshakeTimeout(config.client().headerTimeout().toMillis()).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        return new ServerTls(options, tls, files);
    }

    /** A certificate's files and the config keys that name them (for messages). */
    private record Certificate(String cert, String key, String ocsp, String certKey, String keyKey, String ocspKey) {
    }

    /** One certificate and key: both parse, and the key signs what the certificate's public key verifies. */
    private static void check(Vertx vertx, PemKeyCertOptions one, Certificate pair) {
        try {
            KeyManagerFactory kmf = one.getKeyManagerFactory(vertx);
            for (KeyManager km : kmf.getKeyManagers()) {
                if (km instanceof X509KeyManager x) {
                    for (String type : new String[] {"RSA", "EC", "EdDSA", "Ed25519"}) {
                        String[] aliases = x.getServerAliases(type, null);
                        for (String alias : aliases == null ? new String[0] : aliases) {
                            matches(x.getPrivateKey(alias), x.getCertificateChain(alias)[0], pair);
                        }
                    }
                }
            }
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException("tls", pair.certKey(), "cannot load " + pair.cert() + " with " + pair.key() + ": " + e.getMessage());
        }
    }

    private static void matches(PrivateKey key, X509Certificate cert, Certificate pair) throws Exception {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] probe = "popnet".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature sign = Signature.getInstance(algorithm);
        sign.initSign(key);
        sign.update(probe);
        byte[] signature = sign.sign();
        Signature verify = Signature.getInstance(algorithm);
        verify.initVerify(cert.getPublicKey());
        verify.update(probe);
        if (!verify.verify(signature)) {
            throw new ConfigException("tls", pair.certKey(), pair.key() + " is not the private key of " + pair.cert());
        }
    }

    private static List<String> alpn(TlsConfig tls) {
        return tls.http2() ? List.of(HttpVersion.HTTP_2.alpnName(), HttpVersion.HTTP_1_1.alpnName())
                : List.of(HttpVersion.HTTP_1_1.alpnName());
    }

    /** The engine asked for: OpenSSL (BoringSSL), stapling OCSP responses, with auto where it loads; else the JDK's. */
    static SSLEngineOptions engine(TlsConfig tls) {
        if (tls.engine().equals("openssl") && !OpenSSLEngineOptions.isAvailable()) {
            throw new ConfigException("tls", "engine", "openssl does not load on this system; use jdk or auto");
        }
        return usesOpenSsl(tls) ? new OcspStapling.Engine() : new JdkSSLEngineOptions();
    }

    private static boolean usesOpenSsl(TlsConfig tls) {
        return tls.engine().equals("openssl") || tls.engine().equals("auto") && OpenSSLEngineOptions.isAvailable();
    }

    /** The first certificate of a PEM chain: the one served, and the one its OCSP response is for. */
    private static X509Certificate leaf(Certificate c) {
        try (var in = Files.newInputStream(Path.of(c.cert()))) {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in).iterator().next();
        } catch (java.io.IOException | java.security.cert.CertificateException | RuntimeException e) {
            throw new ConfigException("tls", c.certKey(), "cannot read a certificate from " + c.cert() + ": " + e.getMessage());
        }
    }

    /** What a TLS server is updated with when the certificates are read again. */
    ServerSSLOptions options() {
        return options;
    }

    /** Makes the options of an HTTPS listener: these certificates and protocols, h2 and HTTP/1.1 by ALPN. */
    HttpServerOptions applyTo(HttpServerOptions o) {
        o.setSsl(true).setSni(true).setKeyCertOptions(options.getKeyCertOptions()).setUseAlpn(true)
                .setEnabledSecureTransportProtocols(options.getEnabledSecureTransportProtocols())
                .setSslHandshakeTimeout(options.getSslHandshakeTimeout()).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        o.setAlpnVersions(tls.http2() ? List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1) : List.of(HttpVersion.HTTP_1_1));
        return o;
    }

    /** Whether any of the files changed since they were read. */
    boolean filesChanged() {
        for (Map.Entry<Path, Long> f : files.entrySet()) {
            try {
                if (Files.getLastModifiedTime(f.getKey()).toMillis() != f.getValue()) {
                    return true;
                }
            } catch (java.io.IOException e) {
                return true; // gone: the reload that follows says so
            }
        }
        return false;
    }
}
