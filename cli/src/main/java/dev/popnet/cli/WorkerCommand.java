package dev.popnet.cli;

import dev.popnet.core.security.SharedSecret;
import dev.popnet.sweep.cluster.SweepWorker;
import dev.popnet.sweep.cluster.WorkerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code popnet worker}: a member of a sweep cluster that runs the cells of distributed sweeps, until stopped. */
@Command(name = "worker", addMethodSubcommands = false, description = "Join a sweep cluster and run the cells of 'popnet simulate --sweep ... --cluster' until stopped.")
public final class WorkerCommand implements Callable<Integer> {
    @Mixin
    SweepSecretOptions secret;

    @Option(names = "--host", description = "Address the worker listens on (default 127.0.0.1; 0.0.0.0 for every interface).")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "Port of the worker's cluster member (default 5801).")
    int port = 5801;

    @Option(names = "--members", split = ",", paramLabel = "HOST:PORT", description = "Other workers to join through (TCP/IP).")
    List<String> members = new ArrayList<>();

    @Option(names = "--multicast", description = "Find the other workers by multicast instead of --members.")
    boolean multicast;

    @Option(names = "--threads", description = "Cells run at once (default: cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        SharedSecret shared = secret.secret();
        WorkerSettings settings = new WorkerSettings(host, port, members, multicast, threads, Version.current().describe());
        SweepWorker worker = SweepWorker.start(settings, shared, line -> System.out.println("popnet worker: " + line));
        System.out.printf("popnet worker serving sweeps on %s (%s, %d threads, %d workers in the cluster)%n", worker.address(),
                settings.version(), threads, worker.workers());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            System.out.println("popnet worker stopped: left the cluster");
            stopped.countDown();
        }, "popnet-worker-shutdown"));
        stopped.await();
        return 0;
    }
}
