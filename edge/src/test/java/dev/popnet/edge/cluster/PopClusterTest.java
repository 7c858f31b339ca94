package dev.popnet.edge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.popnet.core.config.ConfigException;
import dev.popnet.core.config.ConfigLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PopClusterTest {

    @Test
    void membersSeeEachOtherWithHttpAddressesAndNoticeLeaveAndCrash() throws Exception {
        try (TestPop pop = new TestPop("pop-members")) {
            PopCluster a = pop.join("127.0.0.1:18001");
            PopCluster b = pop.join("127.0.0.1:18002");
            List<List<PopMember>> seenByA = new CopyOnWriteArrayList<>();
            a.onMembershipChange(seenByA::add);
            PopCluster c = pop.join("127.0.0.1:18003");

            Set<String> all = Set.of("127.0.0.1:18001", "127.0.0.1:18002", "127.0.0.1:18003");
            for (PopCluster n : List.of(a, b, c)) {
                TestPop.await("3 members", Duration.ofSeconds(10), () -> n.members().size() == 3);
                assertEquals(all, n.members().stream().map(PopMember::httpAddress).collect(Collectors.toSet()));
                assertEquals(1, n.members().stream().filter(PopMember::local).count());
            }
            assertEquals("127.0.0.1:18002", b.self().httpAddress());
            assertEquals(a.members(), b.members().stream().map(m -> new PopMember(m.id(), m.httpAddress(),
                    m.id().equals(a.self().id()))).toList(), "every member has the same view, ordered by id");
            TestPop.await("A hears C join", Duration.ofSeconds(5), () -> !seenByA.isEmpty());
            assertEquals(3, seenByA.get(seenByA.size() - 1).size());

            b.close();
            TestPop.await("graceful leave seen", Duration.ofSeconds(10), () -> a.members().size() == 2);
            assertFalse(a.members().stream().anyMatch(m -> m.httpAddress().equals("127.0.0.1:18002")));

            c.terminate();
            TestPop.await("crash detected", Duration.ofSeconds(15), () -> a.members().size() == 1);
            assertEquals(List.of(a.self()), a.members());
        }
    }

    @Test
    void differentPopsNeverMerge() throws Exception {
        try (TestPop one = new TestPop("pop-one"); TestPop two = new TestPop("pop-two")) {
            PopCluster a = one.join("127.0.0.1:18011");
            PopCluster b = PopCluster.join(two.base.withMembers(List.of(a.clusterAddress())), "127.0.0.1:18012");
            two.nodes.add(b);
            assertEquals(1, a.members().size());
            assertEquals(1, b.members().size());
            assertEquals("pop-two", b.pop());
        }
    }

    @Test
    void configKeysAreCheckedWithClearMessages() {
        ClusterConfig d = ConfigLoader.load(ClusterConfig.class, null, Map.of(), Map.of());
        assertEquals(ClusterConfig.defaults(), d);
        assertFalse(d.multicast(), "multicast is off unless asked for");
        ClusterConfig set = ConfigLoader.load(ClusterConfig.class, null, Map.of("POPNET_POP", "fra"),
                Map.of("members", "[127.0.0.1:5701, 127.0.0.1:5702]", "max-no-heartbeat", "4s"));
        assertEquals("fra", set.pop());
        assertEquals(List.of("127.0.0.1:5701", "127.0.0.1:5702"), set.members());
        assertEquals(Duration.ofSeconds(4), set.maxNoHeartbeat());

        ConfigException bad = assertThrows(ConfigException.class, () -> ConfigLoader.load(ClusterConfig.class,
                null, Map.of(), Map.of("members", "[localhost]")));
        assertEquals("members", bad.key());
        assertTrue(bad.getMessage().contains("host:port"), bad.getMessage());
        ConfigException hb = assertThrows(ConfigException.class, () -> ConfigLoader.load(ClusterConfig.class,
                null, Map.of(), Map.of("heartbeat", "3s", "max-no-heartbeat", "4s")));
        assertEquals("max-no-heartbeat", hb.key());
        ConfigException parent = assertThrows(ConfigException.class, () -> ConfigLoader.load(ClusterConfig.class,
                null, Map.of(), Map.of("parent", "shield.example:80")));
        assertEquals("parent", parent.key());
        assertEquals("http://127.0.0.1:8080", ConfigLoader.load(ClusterConfig.class, null, Map.of(),
                Map.of("parent", "http://127.0.0.1:8080/")).parent());
    }
}
