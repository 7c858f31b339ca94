package dev.popnet.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.config.InvalidValue;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** HMAC-SHA256 over a shared secret: derived names, signatures, verification. */
class SharedSecretTest {
    private static final String SECRET = "correct horse battery staple";

    @Test
    void refusesShortSecretsWithoutEchoingThem() {
        InvalidValue e = assertThrows(InvalidValue.class, () -> SharedSecret.of("hunter2hunter2"));
        assertTrue(e.getMessage().contains("at least 16 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("14 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertThrows(InvalidValue.class, () -> SharedSecret.of(null));
        assertEquals("SharedSecret[hidden]", SharedSecret.of(SECRET).toString());
    }

    @Test
    void signsWithHmacSha256() {
        // Expected value from `printf 'The quick brown fox jumps over the lazy dog' | openssl dgst -sha256 -hmac 'key-key-key-key-key!'`.
        SharedSecret secret = SharedSecret.of("key-key-key-key-key!");
        byte[] mac = secret.sign("The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8));
        assertEquals("3add8e077ebeb92db9b99285d7bcb3edce55c5a889b888f26f979d272b331657", HexFormat.of().formatHex(mac));
        assertEquals(HexFormat.of().formatHex(mac), secret.derive("The quick brown fox jumps over the lazy dog"));
    }

    @Test
    void verifiesOnlyWhatItSigned() {
        SharedSecret secret = SharedSecret.of(SECRET);
        byte[] data = "purge /a".getBytes(StandardCharsets.UTF_8);
        byte[] mac = secret.sign(data);
        assertTrue(secret.verify(data, mac));
        assertFalse(secret.verify("purge /b".getBytes(StandardCharsets.UTF_8), mac));
        byte[] flipped = mac.clone();
        flipped[31] ^= 1;
        assertFalse(secret.verify(data, flipped));
        assertFalse(secret.verify(data, new byte[0]));
        assertFalse(secret.verify(data, null));
        assertFalse(SharedSecret.of(SECRET + "!").verify(data, mac));
    }

    @Test
    void derivesDistinctNamesPerPurposeAndSecret() {
        SharedSecret secret = SharedSecret.of(SECRET);
        assertEquals(64, secret.derive("cluster-name").length());
        assertEquals(secret.derive("cluster-name"), SharedSecret.of(SECRET).derive("cluster-name"));
        assertNotEquals(secret.derive("cluster-name"), secret.derive("purge"));
        assertNotEquals(secret.derive("cluster-name"), SharedSecret.of(SECRET + "x").derive("cluster-name"));
    }
}
