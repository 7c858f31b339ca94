package dev.popnet.dns;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.popnet.core.time.Ticker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Master;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Online DNSSEC signing with ECDSA P-256 (algorithm 13) keys read from BIND key files
 * ({@code K<zone>+013+<tag>.key} and {@code .private}, as dnssec-keygen or ldns-keygen write them).
 * Keys with the SEP flag (257, KSKs) sign the DNSKEY set, the others (256, ZSKs) sign everything else;
 * a single key of either kind signs both. Signatures are kept per RRset (owner, type, TTL, data) and
 * made again once older than {@code refresh}, long before they expire; the clock is injected.
 */
final class DnssecSigner {
    /** RFC 9824: the meta-type in the NSEC bitmap of a compact answer for a name that does not exist. */
    static final int NXNAME = 128;
    /** Signatures start an hour in the past, for resolvers whose clocks run behind. */
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);

    private record SigningKey(DNSKEYRecord dnskey, PrivateKey key, boolean publishOnly) {
        boolean ksk() {
            return (dnskey.getFlags() & 0x1) != 0;
        }
    }

    private record Signed(List<RRSIGRecord> signatures, long signedAtNanos) {
    }

    private final Name zone;
    private final List<SigningKey> keys;
    private final List<DNSKEYRecord> dnskeys;
    private final Ticker ticker;
    private final Duration validity;
    private final long refreshNanos;
    /** Bounded: names that do not exist (each its own NSEC) must not grow it without end. */
    private final Cache<String, Signed> signatures = Caffeine.newBuilder().maximumSize(50_000).build();

    DnssecSigner(Name zone, DnsConfig.Dnssec config, long dnskeyTtl, Ticker ticker) {
        this.zone = zone;
        this.ticker = ticker;
        this.validity = config.validity();
        this.refreshNanos = config.refresh().toNanos();
        List<SigningKey> loaded = new ArrayList<>();
        for (DnsConfig.Key k : config.keys()) {
            loaded.add(load(zone, k, dnskeyTtl, Instant.ofEpochSecond(0, ticker.nanos())));
        }
        this.keys = List.copyOf(loaded);
        this.dnskeys = keys.stream().map(SigningKey::dnskey).toList();
        if (keys.stream().allMatch(SigningKey::publishOnly)) {
            throw new IllegalArgumentException("dnssec.keys: every key is publish-only; at least one must sign");
        }
    }

    List<DNSKEYRecord> dnskeys() {
        return dnskeys;
    }

    /** How old a signature may get before it is made again: answers kept longer than this are rebuilt. */
    Duration refresh() {
        return Duration.ofNanos(refreshNanos);
    }

    /** The signatures over one RRset (all its records share owner, type and TTL). */
    List<RRSIGRecord> sign(List<? extends Record> rrset) {
        Record first = rrset.get(0);
        StringBuilder key = new StringBuilder().append(first.getName()).append(' ').append(first.getType()).append(' ').append(first.getTTL());
        rrset.forEach(r -> key.append(' ').append(r.rdataToString()));
        long now = ticker.nanos();
        Signed s = signatures.getIfPresent(key.toString());
        if (s == null || now - s.signedAtNanos() >= refreshNanos) {
            s = new Signed(signNow(rrset, now), now);
            signatures.put(key.toString(), s);
        }
        return s.signatures();
    }

    private List<RRSIGRecord> signNow(List<? extends Record> records, long nowNanos) {
        RRset set = new RRset();
        records.forEach(set::addRR);
        boolean dnskeySet = records.get(0).getType() == Type.DNSKEY;
        List<SigningKey> signers = keys.stream().filter(k -> !k.publishOnly()).toList();
        boolean split = signers.stream().anyMatch(SigningKey::ksk) && signers.stream().anyMatch(k -> !k.ksk());
        Instant now = Instant.ofEpochSecond(0, nowNanos);
        List<RRSIGRecord> out = new ArrayList<>();
        for (SigningKey k : signers) {
            if (split && k.ksk() != dnskeySet) {
                continue;
            }
            try {
                out.add(DNSSEC.sign(set, k.dnskey(), k.key(), now.minus(CLOCK_SKEW), now.plus(validity)));
            } catch (DNSSEC.DNSSECException e) {
                throw new IllegalStateException("cannot sign " + set.getName() + " " + Type.string(set.getType()) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * A compact-denial NSEC at the query name (RFC 9824, "black lies"): the next name is the least one after
     * it, so the record covers nothing else, and the bitmap holds the types the name has, or NXNAME for a
     * name that does not exist.
     */
    NSECRecord nsec(Name owner, long ttl, int... types) {
        Name next;
        try {
            next = Name.concatenate(Name.fromString("\\000"), owner);
        } catch (IOException e) {
            next = owner; // a name of 254 bytes: no longer name exists, it covers itself only
        }
        int[] all = java.util.Arrays.copyOf(types, types.length + 2);
        all[types.length] = Type.RRSIG;
        all[types.length + 1] = Type.NSEC;
        return new NSECRecord(owner, DClass.IN, ttl, next, all);
    }

    private static SigningKey load(Name zone, DnsConfig.Key k, long ttl, Instant now) {
        String base = k.file().endsWith(".key") || k.file().endsWith(".private") ? k.file().substring(0, k.file().lastIndexOf('.')) : k.file();
        try {
            DNSKEYRecord dnskey = publicKey(Path.of(base + ".key"), zone, ttl);
            if (dnskey.getAlgorithm() != DNSSEC.Algorithm.ECDSAP256SHA256) {
                throw new IllegalArgumentException(base + ".key: algorithm " + dnskey.getAlgorithm() + ", only 13 (ECDSAP256SHA256) is supported");
            }
            PrivateKey key = privateKey(Path.of(base + ".private"));
            checkPair(dnskey, key, base, now);
            return new SigningKey(dnskey, key, k.publishOnly());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("dnssec key " + base + ": " + e.getMessage(), e);
        }
    }

    private static DNSKEYRecord publicKey(Path file, Name zone, long ttl) throws IOException {
        try (Master m = new Master(new ByteArrayInputStream(Files.readAllBytes(file)), zone, ttl)) {
            for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
                if (r instanceof DNSKEYRecord d) {
                    if (!d.getName().equals(zone)) {
                        throw new IOException("the key is for " + d.getName() + ", not the zone " + zone);
                    }
                    return new DNSKEYRecord(zone, DClass.IN, ttl, d.getFlags(), d.getProtocol(), d.getAlgorithm(), d.getKey());
                }
            }
        }
        throw new IOException(file + " holds no DNSKEY record");
    }

    /** BIND's private key format: "PrivateKey: <base64 of the secret scalar>" for ECDSA. */
    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            if (line.startsWith("PrivateKey:")) {
                BigInteger d = new BigInteger(1, Base64.getDecoder().decode(line.substring("PrivateKey:".length()).trim()));
                AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
                p.init(new ECGenParameterSpec("secp256r1"));
                return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, p.getParameterSpec(ECParameterSpec.class)));
            }
        }
        throw new IOException(file + " has no PrivateKey line");
    }

    /** A private key that does not belong to its DNSKEY would sign garbage; find out at load time. */
    private static void checkPair(DNSKEYRecord dnskey, PrivateKey key, String base, Instant now) throws GeneralSecurityException {
        RRset probe = new RRset(dnskey);
        try {
            RRSIGRecord sig = DNSSEC.sign(probe, dnskey, key, now, now.plusSeconds(60));
            DNSSEC.verify(probe, sig, dnskey, now);
        } catch (DNSSEC.DNSSECException e) {
            throw new GeneralSecurityException(base + ".private does not match " + base + ".key: " + e.getMessage(), e);
        }
    }
}
