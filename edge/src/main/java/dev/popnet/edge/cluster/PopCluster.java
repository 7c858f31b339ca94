package dev.popnet.edge.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This edge node's membership in its PoP: one Hazelcast member per edge node, joined over TCP/IP to a
 * configured member list, cluster name = PoP name (derived with the
 * secret when the PoP has a {@code cluster.secret}; see {@link ClusterTrust}). Each member carries its edge HTTP address as a
 * member attribute so the others can fetch the keys it owns. Starting blocks while the member joins,
 * so call {@link #join} off the event loop.
 */
public final class PopCluster implements AutoCloseable {
    static final String HTTP_ATTRIBUTE = "popnet.http";
    static final String PROOF_ATTRIBUTE = "popnet.proof";
    private static final Logger LOG = Logger.getLogger("dev.popnet.edge.cluster");
    /** Held so the level set on it survives garbage collection of java.util.logging's weak references. */
    private static final Logger HAZELCAST_JUL = Logger.getLogger("com.hazelcast");

    private final HazelcastInstance hz;
    private final ClusterConfig config;
    private final ClusterTrust trust;
    private final Set<java.util.UUID> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<Consumer<List<PopMember>>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<PopMember> members;

    private PopCluster(HazelcastInstance hz, ClusterConfig config) {
        this.hz = hz;
        this.config = config;
        this.trust = ClusterTrust.of(config);
        this.members = view(hz.getCluster().getMembers());
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                changed(event.getMembers());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                changed(event.getMembers());
            }
        });
        // A member may have joined between reading the list and registering the listener.
        changed(hz.getCluster().getMembers());
    }

    /** Starts this node's cluster member and joins the PoP; {@code httpAddress} is this edge's host:port. */
    public static PopCluster join(ClusterConfig config, String httpAddress) {
        if (config.sharedSecret() == null) {
            LOG.warning("PoP " + config.pop() + " has no cluster.secret: any party that reaches port " + config.port()
                    + " can join it and purge; keep that port on a private network or set cluster.secret");
        }
        return new PopCluster(Hazelcast.newHazelcastInstance(hazelcastConfig(config, httpAddress)), config);
    }

    static Config hazelcastConfig(ClusterConfig c, String httpAddress) {
        if (c.logging().equals("jdk")) {
            HAZELCAST_JUL.setLevel(Level.WARNING);
        }
        ClusterTrust trust = ClusterTrust.of(c);
        Config hc = new Config();
        hc.setClusterName(trust.clusterName(c.pop()));
        hc.setInstanceName("popnet-" + c.pop() + "-" + httpAddress);
        hc.setProperty(ClusterProperty.LOGGING_TYPE.getName(), c.logging());
        hc.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
        hc.setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false");
        hc.setProperty(ClusterProperty.WAIT_SECONDS_BEFORE_JOIN.getName(), "0");
        hc.setProperty(ClusterProperty.MAX_WAIT_SECONDS_BEFORE_JOIN.getName(), "1");
        hc.setProperty(ClusterProperty.TCP_JOIN_PORT_TRY_COUNT.getName(), "1");
        hc.setProperty(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS.getName(), seconds(c.heartbeat().toMillis()));
        hc.setProperty(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS.getName(), seconds(c.maxNoHeartbeat().toMillis()));
        // The cluster holds only small maps (stats, purge acks): few partitions keep joins quick.
        hc.setProperty(ClusterProperty.PARTITION_COUNT.getName(), "31");
        hc.setProperty(ClusterProperty.GRACEFUL_SHUTDOWN_MAX_WAIT.getName(), "5");
        hc.getMemberAttributeConfig().setAttribute(HTTP_ATTRIBUTE, httpAddress).setAttribute(PROOF_ATTRIBUTE, trust.proof(httpAddress));
        hc.getSerializationConfig().setJavaSerializationFilterConfig(onlyPopnetMessages());
        hc.getJetConfig().setEnabled(false);
        hc.getManagementCenterConfig().setScriptingEnabled(false).setConsoleEnabled(false);

        // Advanced networking with a member endpoint only: the port speaks Hazelcast's member protocol and refuses
        // the client protocol (and REST, memcache) outright, whatever cluster name a client offers.
        AdvancedNetworkConfig net = hc.getAdvancedNetworkConfig().setEnabled(true);
        ServerSocketEndpointConfig member = new ServerSocketEndpointConfig();
        member.setPort(c.port()).setPortAutoIncrement(false);
        boolean anyAddress = c.bindHost().equals("0.0.0.0") || c.bindHost().equals("::");
        hc.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), String.valueOf(anyAddress));
        member.getInterfaces().setEnabled(!anyAddress).addInterface(c.bindHost());
        if (!c.advertiseHost().isEmpty()) {
            member.setPublicAddress(c.advertiseHost()); // behind 0.0.0.0 or NAT: what the others connect to (the bound port)
        }
        net.setMemberEndpointConfig(member);
        JoinConfig join = net.getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(c.multicast());
        join.getTcpIpConfig().setEnabled(!c.multicast()).setMembers(new ArrayList<>(c.members()))
                .setConnectionTimeoutSeconds(2);
        return hc;
    }

    /**
     * Java deserialization on the cluster port takes popnet's own message types and what Hazelcast's own
     * remote exceptions are made of, nothing else: no gadget chain from any library on the class path.
     */
    static JavaSerializationFilterConfig onlyPopnetMessages() {
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig().setDefaultsDisabled(true);
        filter.getWhitelist().addClasses(PurgeFanout.Message.class.getName(), PurgeFanout.Ack.class.getName(), PurgeRequest.class.getName(),
                PurgeRequest.Kind.class.getName(), "java.util.ArrayList", "java.util.Collections$UnmodifiableRandomAccessList",
                "java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableCollection",
                "java.util.Collections$EmptyList", "[Ljava.lang.StackTraceElement;", "[Ljava.lang.Throwable;")
                .addPrefixes("com.hazelcast.", "java.lang.");
        return filter;
    }

    private static String seconds(long millis) {
        return Long.toString(Math.max(1, (millis + 999) / 1000));
    }

    private void changed(Set<Member> now) {
        List<PopMember> view = view(now);
        if (view.equals(members)) {
            return;
        }
        members = view;
        for (Consumer<List<PopMember>> l : listeners) {
            l.accept(view);
        }
    }

    /** The members that proved the secret for the address they claim; the others own nothing and are waited for by nobody. */
    private List<PopMember> view(Set<Member> set) {
        List<PopMember> out = new ArrayList<>();
        for (Member m : set) {
            String http = m.getAttribute(HTTP_ATTRIBUTE);
            if (!trust.verified(http, m.getAttribute(PROOF_ATTRIBUTE))) {
                if (refused.add(m.getUuid())) {
                    LOG.warning("PoP " + config.pop() + ": member " + m.getAddress() + " claiming " + http
                            + " has no valid proof of cluster.secret; it is ignored");
                }
                continue;
            }
            out.add(new PopMember(m.getUuid().toString(), http, m.localMember()));
        }
        out.sort(Comparator.comparing(PopMember::id));
        return List.copyOf(out);
    }

    public String pop() {
        return config.pop();
    }

    public ClusterConfig config() {
        return config;
    }

    /** The live members, ordered by id. */
    public List<PopMember> members() {
        return members;
    }

    public PopMember self() {
        return members.stream().filter(PopMember::local).findFirst()
                .orElseThrow(() -> new IllegalStateException("not a member of PoP " + pop()));
    }

    /** Called with the new live member list whenever a member joins or leaves. */
    public void onMembershipChange(Consumer<List<PopMember>> listener) {
        listeners.add(listener);
    }

    /** host:port of this node's cluster member, for other nodes' {@code cluster.members}. */
    public String clusterAddress() {
        var a = hz.getCluster().getLocalMember().getAddress();
        return a.getHost() + ":" + a.getPort();
    }

    public boolean isRunning() {
        return hz.getLifecycleService().isRunning();
    }

    ClusterTrust trust() {
        return trust;
    }

    HazelcastInstance hazelcast() {
        return hz;
    }

    /** Leaves the PoP gracefully: the others see the member leave at once. */
    @Override
    public void close() {
        if (hz.getLifecycleService().isRunning()) {
            hz.shutdown();
        }
    }

    /** Drops out of the PoP abruptly, as a crashed process would (for failure drills and tests). */
    public void terminate() {
        hz.getLifecycleService().terminate();
    }
}
