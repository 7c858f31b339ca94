package dev.popnet.edge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PopOwnershipTest {
    private static final int KEYS = 20_000;

    private static Map<String, String> owners(PopOwnership o) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            String key = "http://a.test/obj/" + i;
            m.put(key, o.ownerOf(key).httpAddress());
        }
        return m;
    }

    @Test
    void membersAgreeAndJoinOrLeaveMovesOnlyTheChangedMembersKeys() throws Exception {
        try (TestPop pop = new TestPop("pop-owners")) {
            List<PopOwnership> views = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                views.add(new PopOwnership(pop.join("127.0.0.1:1830" + i)));
            }
            for (PopCluster n : pop.nodes) {
                TestPop.await("3 members", Duration.ofSeconds(10), () -> n.members().size() == 3);
            }
            Map<String, String> three = owners(views.get(0));
            assertEquals(three, owners(views.get(1)), "every member names the same owner for every key");
            assertEquals(three, owners(views.get(2)));
            for (String member : List.of("127.0.0.1:18300", "127.0.0.1:18301", "127.0.0.1:18302")) {
                long share = three.values().stream().filter(member::equals).count();
                assertTrue(share > KEYS / 3 * 0.9 && share < KEYS / 3 * 1.1, member + " owns " + share);
            }
            String key = "http://a.test/obj/7";
            int ownerIdx = List.of("127.0.0.1:18300", "127.0.0.1:18301", "127.0.0.1:18302").indexOf(three.get(key));
            assertTrue(views.get(ownerIdx).isLocal(key));
            assertEquals(MissRoute.Hop.ORIGIN, MissRoute.of(views.get(ownerIdx), key, false, "", false).hop());
            MissRoute viaOwner = MissRoute.of(views.get((ownerIdx + 1) % 3), key, false, "", false);
            assertEquals(MissRoute.Hop.OWNER, viaOwner.hop());
            assertEquals("http://" + three.get(key), viaOwner.address());
            assertEquals(MissRoute.Hop.PARENT,
                    MissRoute.of(views.get((ownerIdx + 1) % 3), key, true, "http://127.0.0.1:9", false).hop(),
                    "a fetch from a peer is never forwarded inside the PoP again");

            PopCluster fourth = pop.join("127.0.0.1:18303");
            PopOwnership fourthView = new PopOwnership(fourth);
            TestPop.await("4 members everywhere", Duration.ofSeconds(10),
                    () -> pop.nodes.stream().allMatch(n -> n.members().size() == 4));
            Map<String, String> four = owners(views.get(0));
            assertEquals(four, owners(fourthView));
            int moved = 0;
            for (var e : three.entrySet()) {
                if (!e.getValue().equals(four.get(e.getKey()))) {
                    moved++;
                    assertEquals("127.0.0.1:18303", four.get(e.getKey()), "keys only move to the new member");
                }
            }
            System.out.printf("ownership: join 3->4 moved %d of %d keys (%.1f%%, ideal 25%%)%n", moved, KEYS,
                    100.0 * moved / KEYS);
            assertTrue(moved > KEYS * 0.2 && moved < KEYS * 0.3, "moved " + moved);

            fourth.terminate();
            TestPop.await("crash seen", Duration.ofSeconds(15), () -> pop.nodes.get(0).members().size() == 3);
            assertEquals(three, owners(views.get(0)), "after the crash each key is back on its earlier owner");

            PopOwnership rejoined = new PopOwnership(pop.join("127.0.0.1:18303"));
            TestPop.await("rejoin seen", Duration.ofSeconds(10), () -> pop.nodes.get(0).members().size() == 4);
            assertEquals(four, owners(rejoined), "a member rejoining on its address gets the same keys back");
        }
    }
}
