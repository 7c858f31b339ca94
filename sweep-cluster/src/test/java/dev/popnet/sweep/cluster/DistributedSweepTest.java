package dev.popnet.sweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import dev.popnet.core.security.SharedSecret;
import dev.popnet.simulator.engine.ProgressListener;
import dev.popnet.simulator.scenario.Scenario;
import dev.popnet.simulator.sweep.Sweep;
import dev.popnet.simulator.sweep.SweepGrid;
import dev.popnet.simulator.sweep.SweepReport;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three sweep workers as real JVMs on loopback run a 24-cell grid: the report is the local one byte for
 * byte, also when a worker is killed mid-sweep; workers of another build or without the trace are
 * refused; tasks not signed with the secret, or of classes outside the filter, are never run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedSweepTest {
    private static final String BUILD = "popnet test-build";
    private static final Path SCENARIOS = Path.of(System.getProperty("popnet.root.dir"), "configs", "scenarios");
    private static final SharedSecret SECRET = SharedSecret.of(WorkerProcesses.SECRET);

    @TempDir
    static Path tmp;
    static WorkerProcesses processes;
    static List<WorkerProcesses.Started> workers = new ArrayList<>();
    static SweepGrid grid;
    static String localCsv;
    static String localTable;

    @BeforeAll
    static void startThreeWorkersAndRunTheGridLocally() throws Exception {
        processes = new WorkerProcesses(tmp);
        List<String> members = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ports.add(WorkerProcesses.freePort());
            members.add("127.0.0.1:" + ports.get(i));
        }
        for (int port : ports) {
            workers.add(processes.launch(port, BUILD, members, Map.of()));
        }
        WorkerProcesses.awaitServing(workers.toArray(WorkerProcesses.Started[]::new));
        grid = SweepGrid.of(Scenario.load(SCENARIOS.resolve("quickstart.yaml")).withRequests(15_000),
                axes("policy=lru,s3fifo", "capacity=16MiB,64MiB,256MiB", "edges=1,2", "ecs=on,off"));
        assertEquals(24, grid.cells().size());
        List<SweepGrid.Point> local = Sweep.run(grid, SCENARIOS, 2, ProgressListener.NONE);
        localCsv = SweepReport.csv(local);
        localTable = SweepReport.table(local);
    }

    @AfterAll
    static void stopWorkers() throws Exception {
        processes.close();
    }

    static Map<String, List<String>> axes(String... pairs) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String p : pairs) {
            m.put(p.substring(0, p.indexOf('=')), List.of(p.substring(p.indexOf('=') + 1).split(",")));
        }
        return m;
    }

    private static List<String> addresses() {
        return workers.stream().filter(w -> w.process().isAlive()).map(WorkerProcesses.Started::address).toList();
    }

    @Test
    @Order(1)
    void threeWorkersReportWhatTheLocalRunReports() throws Exception {
        List<String> said = Collections.synchronizedList(new ArrayList<>());
        List<long[]> progress = Collections.synchronizedList(new ArrayList<>());
        try (ClusterSweep sweep = ClusterSweep.connect(addresses(), SECRET, BUILD, said::add)) {
            List<SweepGrid.Point> points = sweep.run(grid, SCENARIOS, (done, total) -> progress.add(new long[] {done, total}));
            assertEquals(localCsv, SweepReport.csv(points));
            assertEquals(localTable, SweepReport.table(points));
        }
        assertEquals(24, progress.size(), "progress after every cell");
        assertEquals(24, progress.get(23)[0]);
        assertTrue(said.isEmpty(), "nothing refused, nobody lost: " + said);
        for (WorkerProcesses.Started w : workers) {
            assertTrue(w.output().contains(": cell "), "every worker ran cells: " + w.address() + "\n" + w.output());
        }
    }

    @Test
    @Order(2)
    void workersOfAnotherBuildOrWithoutTheTraceAreRefusedWithTheReason() throws Exception {
        List<String> members = addresses();
        Path empty = Files.createDirectories(tmp.resolve("empty-shared"));
        WorkerProcesses.Started other = processes.launch(WorkerProcesses.freePort(), "popnet other-build", members, Map.of());
        WorkerProcesses.Started noTrace = processes.launch(WorkerProcesses.freePort(), BUILD, members, Map.of("POPNET_SHARED", empty.toString()));
        WorkerProcesses.awaitServing(other, noTrace);
        SweepGrid traceGrid = SweepGrid.of(Scenario.load(SCENARIOS.resolve("trace-replay.yaml")).withRequests(5000),
                axes("capacity=500,2000"));
        List<SweepGrid.Point> local = Sweep.run(traceGrid, SCENARIOS, 1, ProgressListener.NONE);
        List<String> said = Collections.synchronizedList(new ArrayList<>());
        List<String> all = new ArrayList<>(members);
        all.add(other.address());
        try (ClusterSweep sweep = ClusterSweep.connect(all, SECRET, BUILD, said::add)) {
            assertEquals(SweepReport.csv(local), SweepReport.csv(sweep.run(traceGrid, SCENARIOS, ProgressListener.NONE)));
        }
        String told = String.join("\n", said);
        assertTrue(told.contains("refused worker " + other.address() + ": it runs popnet other-build, this sweep needs popnet test-build"), told);
        assertTrue(told.contains("refused worker " + noTrace.address() + ": no trace file at " + empty + "/traces/cloudPhysicsIO.oracleGeneral.bin"),
                told);
        assertTrue(noTrace.output().contains("refused sweep"), noTrace.output());
        assertTrue(!other.output().contains(": cell ") && !noTrace.output().contains(": cell "), "refused workers ran nothing");
        other.process().destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        noTrace.process().destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }

    @Test
    @Order(3)
    void aWorkerRefusesTasksNotSignedWithTheSecretAndClassesOutsideTheFilter() throws Exception {
        HazelcastInstance client = HazelcastClient.newHazelcastClient(SweepCluster.client(addresses(), SECRET));
        try {
            var executor = client.getExecutorService(SweepCluster.EXECUTOR);
            var member = client.getCluster().getMembers().iterator().next();
            byte[] order = Messages.write(new Messages.Order("forged", Messages.Kind.PROBE, -1, BUILD, null, null, null));
            CellTask forged = new CellTask(order, SharedSecret.of("another secret, also long enough").sign(order));
            ExecutionException unsigned = assertThrows(ExecutionException.class, () -> executor.submitToMember(forged, member).get(60, TimeUnit.SECONDS));
            assertTrue(String.valueOf(unsigned.getCause().getMessage()).contains("not signed with this cluster's secret"), unsigned.toString());
            ExecutionException foreign = assertThrows(ExecutionException.class,
                    () -> executor.submitToMember(new Foreign(), member).get(60, TimeUnit.SECONDS));
            assertTrue(foreign.toString().contains("is not allowed"), "the filter refuses the class: " + foreign);
        } finally {
            client.shutdown();
        }
    }

    @Test
    @Order(3)
    void aCoordinatorWithAnotherSecretDoesNotFindTheWorkers() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ClusterSweep.connect(addresses(), SharedSecret.of("not the workers' secret at all"), BUILD, line -> { }));
        assertTrue(e.getMessage().contains("no sweep workers at " + String.join(",", addresses())) && e.getMessage().contains("another secret"),
                e.getMessage());
    }

    /** Any serializable task that is not a sweep's. */
    static final class Foreign implements Callable<String>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public String call() {
            return "ran";
        }
    }

    @Test
    @Order(4)
    void aWorkerKilledMidSweepChangesNothingButTheTime() throws Exception {
        List<String> said = Collections.synchronizedList(new ArrayList<>());
        WorkerProcesses.Started victim = workers.get(1);
        try (ClusterSweep sweep = ClusterSweep.connect(addresses(), SECRET, BUILD, said::add)) {
            List<SweepGrid.Point> points = sweep.run(grid, SCENARIOS, (done, total) -> {
                if (done == 6) {
                    victim.process().destroyForcibly();
                }
            });
            assertEquals(localCsv, SweepReport.csv(points));
            assertEquals(localTable, SweepReport.table(points));
        }
        assertTrue(String.join("\n", said).contains("worker " + victim.address() + " left; its cells run again on the others"), said.toString());
    }
}
