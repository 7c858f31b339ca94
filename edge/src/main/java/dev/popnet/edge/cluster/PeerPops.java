package dev.popnet.edge.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hazelcast clients into the other PoPs named in {@code cluster.peer-pops}, so a purge can be published
 * on their topics too. Clients start and reconnect in the background: a peer PoP that is down never
 * blocks this node, it just does not acknowledge.
 */
final class PeerPops implements AutoCloseable {
    private final List<HazelcastInstance> clients = new ArrayList<>();

    PeerPops(ClusterConfig config) {
        Map<String, List<String>> byPop = new LinkedHashMap<>();
        for (String entry : config.peerPops()) {
            int at = entry.indexOf('@');
            byPop.computeIfAbsent(entry.substring(0, at), k -> new ArrayList<>()).add(entry.substring(at + 1));
        }
        for (Map.Entry<String, List<String>> peer : byPop.entrySet()) {
            clients.add(HazelcastClient.newHazelcastClient(clientConfig(config, peer.getKey(), peer.getValue())));
        }
    }

    private static ClientConfig clientConfig(ClusterConfig c, String pop, List<String> addresses) {
        ClientConfig cc = new ClientConfig();
        cc.setClusterName(ClusterTrust.of(c).clusterName(pop)); // PoPs that purge each other share the secret
        cc.setInstanceName("popnet-" + c.pop() + "-peer-" + pop + "-" + System.identityHashCode(cc));
        cc.setProperty(ClusterProperty.LOGGING_TYPE.getName(), c.logging());
        cc.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
        cc.setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false");
        cc.getNetworkConfig().setAddresses(new ArrayList<>(addresses))
                .setConnectionTimeout((int) Math.min(Integer.MAX_VALUE, c.purgeAckTimeout().toMillis()));
        cc.getConnectionStrategyConfig().setAsyncStart(true)
                .setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ASYNC)
                .getConnectionRetryConfig().setInitialBackoffMillis(200).setMaxBackoffMillis(5_000)
                .setClusterConnectTimeoutMillis(-1);
        return cc;
    }

    List<HazelcastInstance> clients() {
        return clients;
    }

    @Override
    public void close() {
        for (HazelcastInstance c : clients) {
            c.shutdown();
        }
    }
}
