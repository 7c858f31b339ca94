package dev.popnet.edge.cluster;

import dev.popnet.core.security.SharedSecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * What keeps outsiders out of a PoP with a {@code cluster.secret}: a Hazelcast cluster name derived from
 * the secret (a party without it cannot join as a member; no client can connect at all), a proof each
 * member carries that binds the secret to the HTTP address its keys are fetched from, and signatures on
 * the messages members send each other. Without a secret every check passes, as before: the PoP then
 * trusts its network.
 */
final class ClusterTrust {
    private final String pop;
    private final SharedSecret secret;

    private ClusterTrust(String pop, SharedSecret secret) {
        this.pop = pop;
        this.secret = secret;
    }

    static ClusterTrust of(ClusterConfig config) {
        return new ClusterTrust(config.pop(), config.sharedSecret());
    }

    boolean secured() {
        return secret != null;
    }

    /** The Hazelcast cluster name of a PoP: its name, followed with the secret by a tag only holders can compute. */
    String clusterName(String popName) {
        return secret == null ? popName : popName + "-" + secret.derive("popnet cluster name|" + popName).substring(0, 32);
    }

    /** What a member publishes as its proof: the secret's signature over its PoP and its edge HTTP address. */
    String proof(String httpAddress) {
        return secret == null ? "" : secret.derive("popnet member|" + pop + "|" + httpAddress);
    }

    /** Whether a member's proof is the one for the address it claims (always, without a secret). */
    boolean verified(String httpAddress, String proof) {
        if (secret == null) {
            return true;
        }
        return httpAddress != null && proof != null && MessageDigest.isEqual(proof(httpAddress).getBytes(StandardCharsets.US_ASCII),
                proof.getBytes(StandardCharsets.US_ASCII));
    }

    /** The signature of a message's text, in hex; empty without a secret. */
    String sign(String text) {
        return secret == null ? "" : HexFormat.of().formatHex(secret.sign(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code mac} (hex) signs {@code text} (always, without a secret). */
    boolean verify(String text, String mac) {
        if (secret == null) {
            return true;
        }
        try {
            return mac != null && secret.verify(text.getBytes(StandardCharsets.UTF_8), HexFormat.of().parseHex(mac));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
    }
}
