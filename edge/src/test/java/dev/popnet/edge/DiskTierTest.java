package dev.popnet.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.popnet.edge.store.DiskConfig;
import dev.popnet.edge.wire.RawClient;
import dev.popnet.edge.wire.RawOrigin;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk tier over HTTP: stored objects are hits again after the edge process is killed with SIGKILL
 * and started again; a corrupt or torn file is a miss and is removed; a disk that fails turns the tier
 * off with a log line while memory hits go on; purges reach both tiers; demoted objects come back from disk.
 */
class DiskTierTest {
    @TempDir
    Path dir;

    /** Bodies name their path and are 1,000 bytes; /a/... and /b/... carry their group as surrogate key. */
    private static RawOrigin origin() throws Exception {
        return RawOrigin.start((r, reply) -> reply.ok(body(r.target()), "Cache-Control: max-age=600", "ETag: \"v1\"",
                "Surrogate-Key: group-" + r.target().charAt(1)));
    }

    private static String body(String path) {
        return (path + " ").repeat(1000).substring(0, 1000);
    }

    private EdgeServer edge(Vertx vertx, RawOrigin origin, long memory, String write) throws Exception {
        return TestEdge.start(vertx, origin.url(), s -> {
            s.capacity = memory;
            s.disk = new DiskConfig(dir.toString(), 16L << 20, "lru", write);
        });
    }

    private static String fetch(EdgeServer edge, String path) throws Exception {
        return fetch(edge.port(), path);
    }

    /** A GET with a fixed Host, so the keys are the same whatever port a restarted edge listens on; returns the Cache-Status. */
    private static String fetch(int port, String path) throws Exception {
        try (RawClient c = new RawClient(port)) {
            RawClient.Response r = c.send("GET " + path + " HTTP/1.1\r\nHost: cdn.test\r\n\r\n").read();
            assertEquals(200, r.status());
            assertEquals(body(path), r.text(), "never wrong bytes");
            return r.header("Cache-Status");
        }
    }

    /**
     * As {@link #fetch(int, String)}, asking again when an answer takes longer than the client's read
     * timeout (a new JVM on a loaded machine); whatever the try, the answer must be right.
     */
    private static String fetchPatiently(int port, String path) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return fetch(port, path);
            } catch (java.net.SocketTimeoutException e) {
                if (attempt == 6) {
                    throw e;
                }
            }
        }
    }

    private long files() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".obj")).count();
        }
    }

    private List<Path> objectFiles() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".obj")).toList();
        }
    }

    @Test
    void storedObjectsAreHitsAfterTheEdgeIsKilledAndStartedAgain() throws Exception {
        try (RawOrigin origin = origin()) {
            Process first = startProcess(origin);
            try {
                int port = port(first);
                for (int i = 0; i < 40; i++) {
                    String status = fetchPatiently(port, "/a/" + i);
                    // a hit (or collapsed onto the first fetch) when a slow first answer was asked again
                    assertTrue(status.contains("stored") || status.contains("hit") || status.contains("collapsed"), status);
                }
                TestEdge.await("40 objects on disk", Duration.ofSeconds(30), () -> {
                    try {
                        return files() == 40;
                    } catch (Exception e) {
                        return false;
                    }
                });
            } finally {
                first.destroyForcibly(); // SIGKILL: nothing is flushed or closed
            }
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            int fetched = origin.requests().size();

            Process second = startProcess(origin);
            try {
                int again = port(second);
                for (int i = 0; i < 40; i++) {
                    String status = fetchPatiently(again, "/a/" + i);
                    assertTrue(status.contains("hit"), "/a/" + i + ": " + status);
                }
                assertEquals(fetched, origin.requests().size(), "the origin was not asked again");
            } finally {
                second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private Process startProcess(RawOrigin origin) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), DiskEdgeProcess.class.getName(),
                origin.url(), dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static int port(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("port=")) {
                return Integer.parseInt(line.substring(5));
            }
        }
        throw new AssertionError("the edge process ended without starting (exit " + p.waitFor() + ")");
    }

    @Test
    void aCorruptOrTornFileIsAMissAndIsRemoved() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (RawOrigin origin = origin()) {
            EdgeServer edge = edge(vertx, origin, 4L << 20, "through");
            fetch(edge, "/a/corrupt");
            fetch(edge, "/a/torn");
            fetch(edge, "/a/fine");
            edge.close().await(10, TimeUnit.SECONDS); // closing waits for the disk writes
            assertEquals(3, files());
            for (Path f : objectFiles()) {
                byte[] all = Files.readAllBytes(f);
                String text = new String(all, StandardCharsets.ISO_8859_1);
                if (text.contains("/a/corrupt")) {
                    all[all.length - 10] ^= 0x20; // one bit of the body
                    Files.write(f, all);
                } else if (text.contains("/a/torn")) {
                    try (var ch = Files.newByteChannel(f, StandardOpenOption.WRITE)) {
                        ch.truncate(all.length / 2);
                    }
                }
            }
            EdgeServer again = edge(vertx, origin, 4L << 20, "through");
            assertTrue(fetch(again, "/a/fine").contains("hit"), "an intact file is a hit after the restart");
            assertTrue(fetch(again, "/a/corrupt").contains("fwd=uri-miss"), "a corrupt file is a miss");
            assertTrue(fetch(again, "/a/torn").contains("fwd=uri-miss"), "a torn file is a miss");
            assertEquals(2, again.store().disk().corrupt(), "the torn file when the index was rebuilt, the corrupt one when read");
            again.store().disk().flush();
            assertEquals(3, files(), "the bad files went; the fresh copies took their place");
            again.checkInvariants();
            again.close().await(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFailingDiskTurnsTheTierOffWithALogLineAndMemoryHitsGoOn() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger("dev.popnet.edge"); // held: a logger nobody holds may be collected with its handler
        log.addHandler(capture);
        Vertx vertx = Vertx.vertx();
        try (RawOrigin origin = origin()) {
            EdgeServer edge = edge(vertx, origin, 4L << 20, "through");
            fetch(edge, "/a/1");
            edge.store().disk().flush();
            assertNull(edge.store().disk().disabledReason());
            deleteTree(dir);
            Files.writeString(dir, "not a directory any more"); // every write now fails, as on a dead disk
            fetch(edge, "/a/2");
            TestEdge.await("the tier turned off", Duration.ofSeconds(20), () -> edge.store().disk().disabledReason() != null);
            assertTrue(logged.stream().anyMatch(m -> m.contains("serving from memory only")), logged.toString());
            assertTrue(fetch(edge, "/a/1").contains("hit") && fetch(edge, "/a/2").contains("hit"), "memory hits never fail because the disk did");
            edge.close().await(10, TimeUnit.SECONDS);

            EdgeServer unusable = edge(vertx, origin, 4L << 20, "through"); // the directory is a file: off from the start
            assertNotNull(unusable.store().disk().disabledReason());
            fetch(unusable, "/a/3");
            assertTrue(fetch(unusable, "/a/3").contains("hit"));
            unusable.close().await(10, TimeUnit.SECONDS);
        } finally {
            log.removeHandler(capture);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void purgesReachBothTiersAndDemotedObjectsComeBackFromDisk() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (RawOrigin origin = origin()) {
            // 16 KiB of memory holds a dozen of these 1 KB objects: the rest are demoted to disk as memory evicts them
            EdgeServer edge = edge(vertx, origin, 16L << 10, "demote");
            for (int i = 0; i < 40; i++) {
                fetch(edge, "/a/" + i);
                fetch(edge, "/b/" + i);
            }
            edge.store().disk().flush();
            assertTrue(edge.store().disk().count() > 40, "demoted: " + edge.store().disk().count());
            int fetched = origin.requests().size();
            assertTrue(fetch(edge, "/a/0").contains("hit") && fetch(edge, "/b/1").contains("hit"), "evicted from memory, hits from disk");
            assertEquals(fetched, origin.requests().size());

            assertEquals(40, purge(edge, "{\"prefix\":\"/a/\"}"), "every /a/ object, in memory or on disk, once");
            assertTrue(fetch(edge, "/a/0").contains("fwd=uri-miss") && fetch(edge, "/a/7").contains("fwd=uri-miss"));
            assertEquals(1, purge(edge, "{\"url\":\"/b/3\"}"));
            assertTrue(fetch(edge, "/b/3").contains("fwd=uri-miss"));
            assertTrue(fetch(edge, "/b/4").contains("hit"));
            assertTrue(purge(edge, "{\"surrogate-key\":\"group-b\"}") >= 39);
            assertTrue(fetch(edge, "/b/20").contains("fwd=uri-miss"));
            edge.store().disk().flush();
            edge.checkInvariants();
            edge.close().await(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void diskHitsAreReadOffTheEventLoopSoAStuckDiskNeverDelaysAMemoryHit() throws Exception {
        Vertx vertx = Vertx.vertx();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try (RawOrigin origin = origin()) {
            EdgeServer filling = edge(vertx, origin, 4L << 20, "through");
            for (int i = 0; i < 32; i++) {
                fetch(filling, "/a/" + i);
            }
            filling.store().disk().flush();
            filling.close().await(10, TimeUnit.SECONDS);
            // the same directory under a fresh memory tier, and one event loop: a disk read on it would stop every request
            EdgeServer edge = TestEdge.start(vertx, origin.url(), s -> {
                s.eventLoops = 1;
                s.disk = new DiskConfig(dir.toString(), 16L << 20, "lru", "through");
            });
            fetch(edge, "/b/0");
            assertTrue(fetch(edge, "/b/0").contains("hit"), "in memory");
            int fetched = origin.requests().size();

            CountDownLatch stuck = new CountDownLatch(1);
            AtomicInteger reading = new AtomicInteger();
            edge.store().disk().beforeEachRead(() -> {
                reading.incrementAndGet();
                try {
                    stuck.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            List<Future<String>> diskHits = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String path = "/a/" + i;
                diskHits.add(clients.submit(() -> fetch(edge.port(), path)));
            }
            TestEdge.await("disk reads under way", Duration.ofSeconds(20), () -> reading.get() > 0);
            for (int i = 0; i < 5; i++) {
                assertTrue(fetch(edge, "/b/0").contains("hit"), "a memory hit while every disk read is stuck");
            }
            assertTrue(diskHits.stream().noneMatch(Future::isDone), "the disk hits wait for the disk, not the event loop");

            stuck.countDown();
            for (Future<String> hit : diskHits) {
                assertTrue(hit.get(30, TimeUnit.SECONDS).contains("hit"), "from disk, the bytes checked by fetch");
            }
            assertEquals(fetched, origin.requests().size(), "the origin was not asked");
            assertEquals(0, edge.store().disk().shed());
            assertTrue(fetch(edge, "/a/3").contains("hit"), "promoted to memory");
            edge.checkInvariants();
            edge.close().await(10, TimeUnit.SECONDS);
        } finally {
            clients.shutdownNow();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static int purge(EdgeServer edge, String json) throws Exception {
        HttpResponse<String> r = TestEdge.send(edge, "POST", "/purge", json, "Authorization", "Bearer tok");
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body()).get("purged").asInt();
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
