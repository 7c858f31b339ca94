package dev.popnet.sweep.cluster;

import dev.popnet.core.security.SharedSecret;
import java.util.Arrays;
import java.util.List;

/**
 * A sweep worker as a process of its own, for tests: {@code host port version threads member...}, the
 * secret from POPNET_CLUSTER_SECRET. It says where it serves, logs what it runs, and stops when killed.
 */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> members = Arrays.asList(args).subList(4, args.length);
        WorkerSettings settings = new WorkerSettings(args[0], Integer.parseInt(args[1]), members, false, Integer.parseInt(args[3]), args[2]);
        SweepWorker worker = SweepWorker.start(settings, SharedSecret.of(System.getenv("POPNET_CLUSTER_SECRET")), line -> {
            System.out.println(line);
            System.out.flush();
        });
        System.out.println("serving sweeps on " + worker.address() + " (" + worker.workers() + " workers)");
        System.out.flush();
        Thread.currentThread().join();
    }
}
