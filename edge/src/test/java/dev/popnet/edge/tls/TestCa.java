package dev.popnet.edge.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made for one test run with openssl, in a temporary folder: its certificate,
 * and server certificates it signs for the names a test asks for. Nothing here outlives the test.
 */
public final class TestCa {
    /** A server certificate chain and its private key, both PEM. */
    public record Issued(Path cert, Path key) {
    }

    private final Path dir;
    private final Path cert;
    private final Path key;
    private int issued;

    private TestCa(Path dir) {
        this.dir = dir;
        this.cert = dir.resolve("ca.pem");
        this.key = dir.resolve("ca.key");
    }

    public static TestCa create(Path dir) throws IOException, InterruptedException {
        TestCa ca = new TestCa(dir);
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", ca.key.toString(),
                "-out", ca.cert.toString(), "-days", "2", "-subj", "/CN=popnet test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return ca;
    }

    /** The CA certificate clients are told to trust. */
    public Path cert() {
        return cert;
    }

    /** A certificate for these DNS names (the first is its CN), signed by this CA. */
    public Issued issue(String... names) throws IOException, InterruptedException {
        int n = ++issued;
        Path k = dir.resolve("server-" + n + ".key");
        Path csr = dir.resolve("server-" + n + ".csr");
        Path c = dir.resolve("server-" + n + ".pem");
        Path ext = dir.resolve("server-" + n + ".ext");
        List<String> sans = new ArrayList<>();
        for (String name : names) {
            sans.add((name.matches("[0-9.]+") ? "IP:" : "DNS:") + name);
        }
        Files.writeString(ext, "subjectAltName=" + String.join(",", sans) + "\nbasicConstraints=CA:FALSE\n"
                + "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", k.toString(), "-out",
                csr.toString(), "-subj", "/CN=" + names[0]);
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", cert.toString(), "-CAkey", key.toString(), "-CAcreateserial", "-out",
                c.toString(), "-days", "2", "-extfile", ext.toString());
        return new Issued(c, k);
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("openssl is needed to make test certificates (scripts/install-test-tools.sh installs it)", e);
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }
}
