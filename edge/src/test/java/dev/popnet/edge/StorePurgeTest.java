package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Purges through the store's indexes on a sharded store, over HTTP: by URL, by path prefix and by
 * surrogate key remove exactly what they name; a soft purge keeps the object but makes the next request
 * revalidate it; the indexes hold nothing for objects that are gone.
 */
class StorePurgeTest {
    private static final String TOKEN = "tok";

    /** Bodies name their path; /a/... and /b/... are tagged by parity and by their group; every ETag is "v1". */
    private static OriginAndEdge start(long capacity) throws Exception {
        return OriginAndEdge.start((r, reply) -> {
            if ("\"v1\"".equals(r.header("If-None-Match"))) {
                reply.status(304, "", "ETag: \"v1\"", "Cache-Control: max-age=600");
                return;
            }
            String path = r.target();
            int n = path.matches(".*/\\d+$") ? Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)) : 0;
            reply.ok("body of " + path, "Cache-Control: max-age=600", "ETag: \"v1\"",
                    "Surrogate-Key: " + (n % 2 == 0 ? "even" : "odd") + " group-" + path.charAt(1), "Surrogate-Key: item-" + path.replace('/', '-'));
        }, s -> s.capacity = capacity);
    }

    private static int purge(EdgeServer edge, String json) throws Exception {
        HttpResponse<String> r = TestEdge.send(edge, "POST", "/purge", json, "Authorization", "Bearer " + TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body()).get("purged").asInt();
    }

    private static boolean hit(EdgeServer edge, String path) throws Exception {
        HttpResponse<String> r = TestEdge.get(edge, path);
        assertEquals("body of " + path, r.body());
        return TestEdge.cacheStatus(r).contains("hit");
    }

    @Test
    void urlPrefixAndSurrogateKeyPurgesRemoveExactlyWhatTheyName() throws Exception {
        try (OriginAndEdge t = start(64L << 20)) {
            EdgeServer edge = t.edge;
            assertTrue(edge.store().shards() > 1, "a 64 MiB store of 1 MiB objects is sharded: " + edge.store().shards());
            for (String g : new String[] {"a", "b", "c"}) {
                for (int i = 0; i < 20; i++) {
                    TestEdge.get(edge, "/" + g + "/" + i);
                }
            }
            assertEquals(60, edge.store().count());
            assertTrue(hit(edge, "/a/3") && hit(edge, "/b/4") && hit(edge, "/c/5"));

            assertEquals(20, purge(edge, "{\"prefix\":\"/a/\"}"));
            assertTrue(!hit(edge, "/a/3") && hit(edge, "/a/3"), "purged, then fetched and stored again");
            assertTrue(hit(edge, "/b/3"), "another prefix stays");

            assertEquals(21, purge(edge, "{\"surrogate-key\":\"odd\"}"), "ten odd in /b and in /c, and /a/3 fetched again");
            assertTrue(!hit(edge, "/b/3") && hit(edge, "/b/4"), "odd ones went, even ones stay");

            assertEquals(1, purge(edge, "{\"url\":\"/c/4\"}"));
            assertTrue(!hit(edge, "/c/4") && hit(edge, "/c/6"));

            assertEquals(0, purge(edge, "{\"surrogate-key\":\"no-such-tag\"}"));
            assertEquals(0, purge(edge, "{\"prefix\":\"/nothing/\"}"));
            edge.checkInvariants();
        }
    }

    @Test
    void aSoftPurgeKeepsTheObjectAndTheNextRequestRevalidatesIt() throws Exception {
        try (OriginAndEdge t = start(64L << 20)) {
            EdgeServer edge = t.edge;
            TestEdge.get(edge, "/a/1");
            TestEdge.get(edge, "/a/2");
            assertTrue(hit(edge, "/a/1"));
            assertEquals(2, purge(edge, "{\"prefix\":\"/a/\",\"soft\":true}"));
            assertEquals(2, edge.store().count(), "a soft purge removes nothing");
            HttpResponse<String> next = TestEdge.get(edge, "/a/1");
            assertEquals("body of /a/1", next.body());
            assertTrue(TestEdge.cacheStatus(next).contains("fwd=stale") && TestEdge.cacheStatus(next).contains("fwd-status=304"),
                    TestEdge.cacheStatus(next));
            assertEquals("\"v1\"", t.origin.last().header("If-None-Match"), "the edge asked with the stored validator");
            assertTrue(hit(edge, "/a/1"), "fresh again after the 304");
            assertEquals(400, TestEdge.send(edge, "POST", "/purge", "{\"url\":\"/a/1\",\"soft\":\"yes\"}", "Authorization", "Bearer tok")
                    .statusCode());
        }
    }

    @Test
    void thePurgeIndexesHoldNothingForEvictedObjects() throws Exception {
        try (OriginAndEdge t = start(48L << 10)) {
            EdgeServer edge = t.edge;
            for (int i = 0; i < 800; i++) {
                TestEdge.get(edge, "/z/" + i);
            }
            EdgeStore store = edge.store();
            edge.checkInvariants();
            assertTrue(store.count() < 800 && store.evictions() > 0, store.count() + " stored, " + store.evictions() + " evicted");
            // per key: one path entry, its own item tag; plus the shared even/odd/group tags
            assertTrue(store.purgeIndexEntries() <= 2 * store.count() + 3, store.purgeIndexEntries() + " index entries for "
                    + store.count() + " objects");
            int left = store.count();
            assertEquals(left, purge(edge, "{\"prefix\":\"/z/\"}"));
            assertEquals(0, store.count());
            assertEquals(0, store.purgeIndexEntries(), "every index entry went with its object");
        }
    }
}
