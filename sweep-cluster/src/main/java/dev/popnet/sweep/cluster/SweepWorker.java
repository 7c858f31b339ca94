package dev.popnet.sweep.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.popnet.core.security.SharedSecret;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * A member of a sweep cluster that runs the cells coordinators send it through the cluster's executor,
 * {@code threads} at a time. Starting blocks while it joins the other workers.
 */
public final class SweepWorker implements AutoCloseable {
    private final HazelcastInstance member;

    private SweepWorker(HazelcastInstance member) {
        this.member = member;
    }

    /** @param log where the worker says what it ran and what it refused */
    public static SweepWorker start(WorkerSettings settings, SharedSecret secret, Consumer<String> log) {
        WorkerContext context = new WorkerContext(secret, settings.version(), log);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(SweepCluster.member(settings, secret, context));
        SweepWorker worker = new SweepWorker(hz);
        context.named(worker.address());
        return worker;
    }

    /** host:port of this worker's member. */
    public String address() {
        InetSocketAddress a = member.getCluster().getLocalMember().getSocketAddress();
        return a.getHostString() + ":" + a.getPort();
    }

    /** Workers in the cluster, this one included. */
    public int workers() {
        return member.getCluster().getMembers().size();
    }

    @Override
    public void close() {
        member.shutdown();
    }
}
