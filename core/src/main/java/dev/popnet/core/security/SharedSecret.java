package dev.popnet.core.security;

import dev.popnet.core.config.Check;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A secret shared by every member of a cluster: it derives names only members can know and signs
 * messages only members can make (HMAC-SHA256). The secret itself never leaves this object.
 */
public final class SharedSecret {
    /** Shorter secrets are guessable; 16 bytes is the least HMAC-SHA256 is given here. */
    public static final int MIN_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    private SharedSecret(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** The secret as text (UTF-8); refuses fewer than {@link #MIN_BYTES} bytes. */
    public static SharedSecret of(String secret) {
        Check.present("secret", secret);
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        // The value is never echoed into the message: only its length.
        Check.that(bytes.length >= MIN_BYTES, "secret", bytes.length + " bytes",
                "must be at least " + MIN_BYTES + " bytes long");
        return new SharedSecret(bytes);
    }

    /** A name for {@code purpose} that only holders of the secret can compute: hex HMAC of the purpose. */
    public String derive(String purpose) {
        return HexFormat.of().formatHex(sign(purpose.getBytes(StandardCharsets.UTF_8)));
    }

    /** The HMAC-SHA256 of {@code data} (32 bytes). */
    public byte[] sign(byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code mac} is the signature of {@code data}, compared in constant time. */
    public boolean verify(byte[] data, byte[] mac) {
        return mac != null && data != null && MessageDigest.isEqual(sign(data), mac);
    }

    @Override
    public String toString() {
        return "SharedSecret[hidden]";
    }
}
