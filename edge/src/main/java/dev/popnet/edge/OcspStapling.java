package dev.popnet.edge;

import dev.popnet.core.config.ConfigException;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.OpenSslServerSessionContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * OCSP stapling with the OpenSSL (BoringSSL) engine: each certificate may name a DER OCSP response file
 * (made and refreshed by {@code openssl ocsp -respout}, as nginx's {@code ssl_stapling_file}); the edge
 * checks it, keeps it by certificate and staples it to every handshake that serves that certificate.
 * Vert.x has no option for it, so the engine's context factory builds Netty's OpenSSL context itself with
 * OCSP enabled and sets the response on each engine. Files are read again with the certificates (on
 * reload, or when one changes), and the next handshakes staple the new response.
 */
final class OcspStapling {
    /** Responses by the SHA-256 of the certificate they are for; a response is public, so one map for the process is enough. */
    private static final Map<String, byte[]> BY_CERTIFICATE = new ConcurrentHashMap<>();
    private static final String[] STATUS = {"successful", "malformedRequest", "internalError", "tryLater", "4",
        "sigRequired", "unauthorized"};

    private OcspStapling() {
    }

    /** Reads and checks a response file for {@code cert}: a DER OCSPResponse, successful, naming the certificate's serial number. */
    static byte[] read(Path file, X509Certificate cert, String key) {
        byte[] der;
        try {
            der = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException("tls", key, "cannot read " + file + ": " + e);
        }
        // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
        int at = der.length > 2 && der[0] == 0x30 ? 2 + ((der[1] & 0x80) == 0 ? 0 : der[1] & 0x7f) : -1;
        if (at < 0 || at + 3 > der.length || der[at] != 0x0a || der[at + 1] != 1) {
            throw new ConfigException("tls", key, file + " is not a DER OCSP response (openssl ocsp -respout writes one)");
        }
        int status = der[at + 2];
        if (status != 0) {
            throw new ConfigException("tls", key, file + " is an OCSP response with status "
                    + (status > 0 && status < STATUS.length ? STATUS[status] : String.valueOf(status)) + ", not successful");
        }
        byte[] serial = cert.getSerialNumber().toByteArray();
        byte[] integer = new byte[serial.length + 2];
        integer[0] = 0x02;
        integer[1] = (byte) serial.length;
        System.arraycopy(serial, 0, integer, 2, serial.length);
        if (indexOf(der, integer) < 0) {
            throw new ConfigException("tls", key, file + " is not an OCSP response for " + cert.getSubjectX500Principal().getName()
                    + " (serial " + cert.getSerialNumber().toString(16) + ")");
        }
        return der;
    }

    /** Makes these responses the ones stapled from now on, each for its certificate; null: staple nothing for it. */
    static void use(Map<X509Certificate, byte[]> responses) {
        responses.forEach((cert, der) -> {
            if (der == null) {
                BY_CERTIFICATE.remove(fingerprint(cert));
            } else {
                BY_CERTIFICATE.put(fingerprint(cert), der);
            }
        });
    }

    /** The response for the one certificate a context serves, or null (none configured, or several certificates to choose from). */
    static byte[] forKeys(KeyManagerFactory kmf) {
        Set<String> leaves = new LinkedHashSet<>();
        for (KeyManager km : kmf.getKeyManagers()) {
            if (km instanceof X509KeyManager x) {
                for (String type : new String[] {"RSA", "EC", "EdDSA", "Ed25519"}) {
                    String[] aliases = x.getServerAliases(type, null);
                    for (String alias : aliases == null ? new String[0] : aliases) {
                        X509Certificate[] chain = x.getCertificateChain(alias);
                        if (chain != null && chain.length > 0) {
                            leaves.add(fingerprint(chain[0]));
                        }
                    }
                }
            }
        }
        return leaves.size() == 1 ? BY_CERTIFICATE.get(leaves.iterator().next()) : null;
    }

    private static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint " + cert.getSubjectX500Principal(), e);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The OpenSSL engine with OCSP stapling: Vert.x's engine options with a context factory of ours. */
    static final class Engine extends OpenSSLEngineOptions {
        Engine() {
            setSessionCacheEnabled(true);
        }

        Engine(Engine other) {
            super(other);
        }

        @Override
        public Engine copy() {
            return new Engine(this);
        }

        @Override
        public SslContextFactory sslContextFactory() {
            return new Factory(isSessionCacheEnabled());
        }
    }

    /** Builds a server context as Vert.x's own factory does for OpenSSL, with OCSP enabled and the response set on each engine. */
    private static final class Factory implements SslContextFactory {
        private final boolean sessionCache;
        private boolean useAlpn;
        private ClientAuth clientAuth = ClientAuth.NONE;
        private Set<String> protocols;
        private KeyManagerFactory kmf;
        private TrustManagerFactory tmf;
        private Set<String> ciphers;
        private List<String> alpn;

        Factory(boolean sessionCache) {
            this.sessionCache = sessionCache;
        }

        @Override
        public SslContextFactory useAlpn(boolean use) {
            this.useAlpn = use;
            return this;
        }

        @Override
        public SslContextFactory forServer(ClientAuth auth) {
            this.clientAuth = auth;
            return this;
        }

        @Override
        public SslContextFactory forClient(SNIServerName serverName, String endpointIdentificationAlgorithm) {
            throw new UnsupportedOperationException("the stapling engine serves the HTTPS listener only");
        }

        @Override
        public SslContextFactory enabledProtocols(Set<String> enabled) {
            this.protocols = enabled;
            return this;
        }

        @Override
        public SslContextFactory keyMananagerFactory(KeyManagerFactory factory) {
            this.kmf = factory;
            return this;
        }

        @Override
        public SslContextFactory trustManagerFactory(TrustManagerFactory factory) {
            this.tmf = factory;
            return this;
        }

        @Override
        public SslContextFactory enabledCipherSuites(Set<String> suites) {
            this.ciphers = suites;
            return this;
        }

        @Override
        public SslContextFactory applicationProtocols(List<String> protocols) {
            this.alpn = protocols;
            return this;
        }

        @Override
        public SslContext create() throws SSLException {
            SslContextBuilder b = SslContextBuilder.forServer(kmf).sslProvider(SslProvider.OPENSSL).enableOcsp(true)
                    .clientAuth(clientAuth).ciphers(ciphers == null || ciphers.isEmpty() ? null : ciphers);
            if (tmf != null) {
                b.trustManager(tmf);
            }
            if (protocols != null && !protocols.isEmpty()) {
                b.protocols(protocols);
            }
            if (useAlpn && alpn != null && !alpn.isEmpty()) {
                b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
            }
            SslContext context = b.build();
            if (context.sessionContext() instanceof OpenSslServerSessionContext s) {
                s.setSessionCacheEnabled(sessionCache);
            }
            byte[] response = forKeys(kmf);
            if (response == null) {
                return context;
            }
            return new DelegatingSslContext(context) {
                @Override
                protected void initEngine(SSLEngine engine) {
                    if (engine instanceof ReferenceCountedOpenSslEngine openssl) {
                        openssl.setOcspResponse(response);
                    }
                }
            };
        }
    }
}
