package dev.popnet.cli;

import dev.popnet.core.security.SharedSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The shared secret of a sweep cluster, from a file or the environment; workers and coordinators need the same one. */
final class SweepSecretOptions {
    static final String ENV = "POPNET_CLUSTER_SECRET";

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "File holding the sweep cluster's shared secret, at least 16 bytes (surrounding whitespace ignored; else env " + ENV + ").")
    Path secretFile;

    SharedSecret secret() {
        String text;
        if (secretFile != null) {
            try {
                text = Files.readString(secretFile).strip();
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("--secret-file " + secretFile + ": no such file");
            } catch (IOException e) {
                throw new IllegalArgumentException("--secret-file " + secretFile + ": cannot read it (" + e.getMessage() + ")");
            }
        } else {
            text = System.getenv(ENV);
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("a sweep cluster needs its shared secret: --secret-file FILE or " + ENV);
            }
            text = text.strip();
        }
        return SharedSecret.of(text);
    }
}
