package dev.popnet.edge.cluster;

import dev.popnet.core.config.Check;
import dev.popnet.core.config.InvalidValue;
import dev.popnet.core.security.SharedSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How an edge node joins the other edge nodes of its PoP (a Hazelcast cluster named after the PoP).
 *
 * @param enabled             form a PoP cluster at all (a lone edge node needs none)
 * @param pop                 the PoP name; also the Hazelcast cluster name, so two PoPs never merge
 * @param bindHost            address the cluster member listens on
 * @param port                cluster member port (0 picks a free one)
 * @param members             host:port of the other members to join through (TCP/IP join)
 * @param multicast           also discover members by multicast (off: members are listed)
 * @param heartbeat           how often members heartbeat each other
 * @param maxNoHeartbeat      silence after which a member is declared dead and its keys re-home
 * @param purgeAckTimeout     how long a purge waits for the other members to report they applied it
 * @param statsRefresh        how often a member publishes its stats for {@code /stats?scope=pop}
 * @param keepHotLocally      also keep objects fetched from the owner in this node's own cache
 * @param logging             Hazelcast logging type: jdk (warnings only), slf4j or none
 * @param parent              base URL of the parent (shield) PoP misses go to before the origin; empty: none
 * @param peerPops            other PoPs purges also reach, each {@code pop@host:port}, the HTTP address of one of its edges
 *                            (several entries for one PoP are tried in order); the purges are signed with {@code secret}
 * @param advertiseHost       the address the other members reach this node at, for its cluster member and its edge
 *                            HTTP port; empty: {@code bind-host} for the member and the edge's {@code host} for HTTP
 * @param secret              shared by every member of the PoP (at least 16 bytes): without it no party can join, take key
 *                            ownership or send purges, acknowledgements and stats; empty: the cluster trusts its network
 * @param secretFile          a file holding {@code secret} (surrounding whitespace ignored), instead of {@code secret} itself
 */
public record ClusterConfig(boolean enabled, String pop, String bindHost, int port, List<String> members,
        boolean multicast, Duration heartbeat, Duration maxNoHeartbeat, Duration purgeAckTimeout,
        Duration statsRefresh, boolean keepHotLocally, String logging, String parent,
        List<String> peerPops, String advertiseHost, String secret, String secretFile) {

    public ClusterConfig {
        Check.that(pop != null && pop.matches("[A-Za-z0-9._-]+"), "pop", pop,
                "must be a non-empty name of letters, digits, '.', '_' or '-'");
        Check.present("bind-host", bindHost);
        Check.port("port", port);
        members = List.copyOf(Check.present("members", members));
        for (String m : members) {
            Check.that(HostPort.isValid(m), "members", m, "each member must be host:port");
        }
        Check.that(heartbeat != null && heartbeat.toMillis() >= 1000, "heartbeat", heartbeat,
                "must be at least 1s (Hazelcast counts heartbeats in seconds)");
        Check.that(maxNoHeartbeat != null && maxNoHeartbeat.compareTo(heartbeat.multipliedBy(2)) >= 0,
                "max-no-heartbeat", maxNoHeartbeat, "must be at least twice the heartbeat");
        Check.positive("purge-ack-timeout", purgeAckTimeout);
        Check.positive("stats-refresh", statsRefresh);
        Check.that(List.of("jdk", "slf4j", "none").contains(logging), "logging", logging,
                "must be one of jdk, slf4j, none");
        Check.that(parent != null && (parent.isEmpty() || parent.matches("https?://[^/\\s]+/?")), "parent", parent,
                "must be empty or a base URL such as http://10.0.0.1:8080");
        peerPops = List.copyOf(Check.present("peer-pops", peerPops));
        for (String p : peerPops) {
            int at = p.indexOf('@');
            Check.that(at > 0 && HostPort.isValid(p.substring(at + 1)), "peer-pops", p,
                    "each peer PoP must be pop@host:port (the HTTP port of one of its edges), e.g. ams@10.0.1.11:8080");
        }
        parent = parent.endsWith("/") ? parent.substring(0, parent.length() - 1) : parent;
        advertiseHost = advertiseHost == null ? "" : advertiseHost.strip();
        Check.that(advertiseHost.isEmpty() || !advertiseHost.contains(":") || advertiseHost.startsWith("["), "advertise-host",
                advertiseHost, "is an address or name without a port (IPv6 in brackets)");
        secret = secret == null ? "" : secret;
        secretFile = secretFile == null ? "" : secretFile.strip();
        Check.that(secret.isEmpty() || secretFile.isEmpty(), "secret-file", secretFile, "cannot be set together with secret");
        if (!secret.isEmpty()) {
            SharedSecret.of(secret);
        }
        if (!secretFile.isEmpty()) {
            readSecret(secretFile);
        }
        Check.that(peerPops.isEmpty() || !secret.isEmpty() || !secretFile.isEmpty(), "peer-pops", peerPops,
                "needs cluster.secret (or secret-file), shared with those PoPs: purges between PoPs are signed with it");
    }

    /** The settings without a shared secret: the PoP trusts every party that can reach its port. */
    public ClusterConfig(boolean enabled, String pop, String bindHost, int port, List<String> members,
            boolean multicast, Duration heartbeat, Duration maxNoHeartbeat, Duration purgeAckTimeout,
            Duration statsRefresh, boolean keepHotLocally, String logging, String parent, List<String> peerPops,
            String advertiseHost) {
        this(enabled, pop, bindHost, port, members, multicast, heartbeat, maxNoHeartbeat, purgeAckTimeout, statsRefresh,
                keepHotLocally, logging, parent, peerPops, advertiseHost, "", "");
    }

    /** The settings without an advertised address (the bind and listen addresses are reachable as they are). */
    public ClusterConfig(boolean enabled, String pop, String bindHost, int port, List<String> members,
            boolean multicast, Duration heartbeat, Duration maxNoHeartbeat, Duration purgeAckTimeout,
            Duration statsRefresh, boolean keepHotLocally, String logging, String parent, List<String> peerPops) {
        this(enabled, pop, bindHost, port, members, multicast, heartbeat, maxNoHeartbeat, purgeAckTimeout, statsRefresh,
                keepHotLocally, logging, parent, peerPops, "", "", "");
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig(false, "pop-1", "127.0.0.1", 5701, List.of(), false, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(1), false, "jdk", "", List.of(), "", "", "");
    }

    /** The host the edge's HTTP port is advertised at to the other members: {@code advertise-host}, else the edge's own. */
    public String httpHost(String edgeHost) {
        return advertiseHost.isEmpty() ? edgeHost : advertiseHost;
    }

    public ClusterConfig withMembers(List<String> seeds) {
        return new ClusterConfig(enabled, pop, bindHost, port, seeds, multicast, heartbeat, maxNoHeartbeat,
                purgeAckTimeout, statsRefresh, keepHotLocally, logging, parent, peerPops, advertiseHost, secret, secretFile);
    }

    public ClusterConfig withParent(String url) {
        return new ClusterConfig(enabled, pop, bindHost, port, members, multicast, heartbeat, maxNoHeartbeat,
                purgeAckTimeout, statsRefresh, keepHotLocally, logging, url, peerPops, advertiseHost, secret, secretFile);
    }

    public ClusterConfig withPeerPops(List<String> peers) {
        return new ClusterConfig(enabled, pop, bindHost, port, members, multicast, heartbeat, maxNoHeartbeat,
                purgeAckTimeout, statsRefresh, keepHotLocally, logging, parent, peers, advertiseHost, secret, secretFile);
    }

    /** The same PoP whose members share this secret. */
    public ClusterConfig withSecret(String newSecret) {
        return new ClusterConfig(enabled, pop, bindHost, port, members, multicast, heartbeat, maxNoHeartbeat,
                purgeAckTimeout, statsRefresh, keepHotLocally, logging, parent, peerPops, advertiseHost, newSecret, "");
    }

    /** The shared secret from {@code secret} or {@code secret-file}, or null when the PoP has none. */
    public SharedSecret sharedSecret() {
        return !secret.isEmpty() ? SharedSecret.of(secret) : !secretFile.isEmpty() ? readSecret(secretFile) : null;
    }

    private static SharedSecret readSecret(String file) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            throw new InvalidValue("secret-file", file, "cannot be read: " + e.getMessage());
        }
        try {
            return SharedSecret.of(text);
        } catch (InvalidValue e) {
            throw new InvalidValue("secret-file", file, "holds a secret that " + e.reason());
        }
    }

    /** Every setting but the secret, which never reaches a log or a page. */
    @Override
    public String toString() {
        return "ClusterConfig[enabled=" + enabled + ", pop=" + pop + ", bindHost=" + bindHost + ", port=" + port + ", members=" + members
                + ", multicast=" + multicast + ", advertiseHost=" + advertiseHost + ", parent=" + parent + ", peerPops=" + peerPops
                + ", secret=" + (secret.isEmpty() ? "none" : "hidden") + ", secretFile=" + secretFile + "]";
    }

    public ClusterConfig withPop(String name) {
        return new ClusterConfig(enabled, name, bindHost, port, members, multicast, heartbeat, maxNoHeartbeat,
                purgeAckTimeout, statsRefresh, keepHotLocally, logging, parent, peerPops, advertiseHost, secret, secretFile);
    }
}
