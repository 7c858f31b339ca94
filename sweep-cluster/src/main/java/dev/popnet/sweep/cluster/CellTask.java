package dev.popnet.sweep.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * What a coordinator sends a worker through the cluster's executor: a signed order (JSON) and nothing
 * else, so the worker reads only bytes and a signature before it has checked who sent them. The
 * worker's Java serialization filter admits this class, {@link CellReply} and byte arrays only.
 */
public final class CellTask implements Callable<CellReply>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    private final byte[] order;
    private final byte[] signature;
    private transient HazelcastInstance worker;

    CellTask(byte[] order, byte[] signature) {
        this.order = order.clone();
        this.signature = signature.clone();
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.worker = instance;
    }

    @Override
    public CellReply call() {
        Object context = worker == null ? null : worker.getUserContext().get(WorkerContext.KEY);
        if (!(context instanceof WorkerContext w)) {
            throw new IllegalStateException("this member is not a popnet sweep worker");
        }
        return w.handle(order, signature);
    }
}
