package dev.popnet.sweep.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import dev.popnet.core.security.SharedSecret;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Hazelcast settings of a sweep cluster, for its worker members and for the coordinator (a client).
 * The cluster's name is derived from the shared secret, so only holders of the secret find it; tasks and
 * answers are signed with it; and Java deserialization admits only {@link CellTask}, {@link CellReply}
 * and the byte arrays they carry.
 */
final class SweepCluster {
    static final String EXECUTOR = "popnet-sweep";
    static final String VERSION_ATTRIBUTE = "popnet.version";
    static final String THREADS_ATTRIBUTE = "popnet.threads";
    /** Held so the level set on it survives garbage collection of java.util.logging's weak references. */
    private static final Logger HAZELCAST_JUL = Logger.getLogger("com.hazelcast");

    private SweepCluster() {
    }

    static String clusterName(SharedSecret secret) {
        return "popnet-sweep-" + secret.derive("popnet sweep cluster name").substring(0, 32);
    }

    static JavaSerializationFilterConfig serializationFilter() {
        return new JavaSerializationFilterConfig().setDefaultsDisabled(true)
                .setWhitelist(new ClassFilter().addClasses(CellTask.class.getName(), CellReply.class.getName(), byte[].class.getName()));
    }

    static Config member(WorkerSettings s, SharedSecret secret, WorkerContext context) {
        HAZELCAST_JUL.setLevel(Level.WARNING);
        Config hc = new Config();
        hc.setClusterName(clusterName(secret));
        hc.setInstanceName("popnet-worker-" + s.bindHost() + "-" + s.port());
        hc.setProperty(ClusterProperty.LOGGING_TYPE.getName(), "jdk");
        hc.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
        hc.setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false");
        hc.setProperty(ClusterProperty.WAIT_SECONDS_BEFORE_JOIN.getName(), "0");
        hc.setProperty(ClusterProperty.MAX_WAIT_SECONDS_BEFORE_JOIN.getName(), "1");
        hc.setProperty(ClusterProperty.TCP_JOIN_PORT_TRY_COUNT.getName(), "1");
        hc.setProperty(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS.getName(), "1");
        hc.setProperty(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS.getName(), "10");
        // The executor holds no data: few partitions keep joins and leaves quick.
        hc.setProperty(ClusterProperty.PARTITION_COUNT.getName(), "7");
        hc.setProperty(ClusterProperty.GRACEFUL_SHUTDOWN_MAX_WAIT.getName(), "5");
        hc.getMemberAttributeConfig().setAttribute(VERSION_ATTRIBUTE, s.version());
        hc.getMemberAttributeConfig().setAttribute(THREADS_ATTRIBUTE, Integer.toString(s.threads()));
        hc.getJetConfig().setEnabled(false);
        hc.getManagementCenterConfig().setScriptingEnabled(false).setConsoleEnabled(false);
        hc.getSerializationConfig().setJavaSerializationFilterConfig(serializationFilter());
        hc.addExecutorConfig(new ExecutorConfig(EXECUTOR).setPoolSize(s.threads()).setStatisticsEnabled(false));
        ConcurrentHashMap<String, Object> user = new ConcurrentHashMap<>();
        user.put(WorkerContext.KEY, context);
        hc.setUserContext(user);

        NetworkConfig net = hc.getNetworkConfig();
        net.setPort(s.port()).setPortAutoIncrement(false);
        boolean anyAddress = s.bindHost().equals("0.0.0.0") || s.bindHost().equals("::");
        hc.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), String.valueOf(anyAddress));
        net.getInterfaces().setEnabled(!anyAddress).addInterface(s.bindHost());
        net.getRestApiConfig().setEnabled(false);
        JoinConfig join = net.getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(s.multicast());
        join.getTcpIpConfig().setEnabled(!s.multicast()).setMembers(new ArrayList<>(s.members())).setConnectionTimeoutSeconds(2);
        return hc;
    }

    static ClientConfig client(List<String> addresses, SharedSecret secret) {
        HAZELCAST_JUL.setLevel(Level.WARNING);
        ClientConfig cc = new ClientConfig();
        cc.setClusterName(clusterName(secret));
        cc.setInstanceName("popnet-sweep-coordinator-" + Long.toHexString(System.nanoTime()));
        cc.setProperty(ClusterProperty.LOGGING_TYPE.getName(), "jdk");
        cc.setProperty("hazelcast.client.heartbeat.interval", "1000");
        cc.setProperty("hazelcast.client.heartbeat.timeout", "10000");
        cc.getSerializationConfig().setJavaSerializationFilterConfig(serializationFilter());
        cc.getNetworkConfig().setAddresses(new ArrayList<>(addresses)).setSmartRouting(true);
        // Give up after a while rather than wait for a cluster that is not there (or has another secret).
        cc.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(15_000);
        return cc;
    }
}
