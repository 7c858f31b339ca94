package dev.popnet.core.cache.admission;

import dev.popnet.core.cache.EvictionListener;
import dev.popnet.core.cache.EvictionPolicy;

/** An eviction policy behind an admission filter: a refused object is never offered to the policy. */
public final class AdmittedPolicy implements EvictionPolicy {
    private final EvictionPolicy policy;
    private final AdmissionFilter filter;
    private long lastWeight = 1;

    public AdmittedPolicy(EvictionPolicy policy, AdmissionFilter filter) {
        this.policy = policy;
        this.filter = filter;
    }

    @Override
    public String name() {
        return policy.name() + "+" + filter.name();
    }

    @Override
    public boolean touch(long key, EvictionListener evicted) {
        long w = policy.weightOf(key);
        filter.requested(key, w >= 0 ? w : lastWeight);
        return policy.touch(key, evicted);
    }

    @Override
    public boolean admit(long key, long weight, EvictionListener evicted) {
        lastWeight = weight;
        return filter.admit(key, weight, policy) && policy.admit(key, weight, evicted);
    }

    @Override
    public boolean remove(long key) {
        return policy.remove(key);
    }

    @Override
    public long weightOf(long key) {
        return policy.weightOf(key);
    }

    @Override
    public long capacity() {
        return policy.capacity();
    }

    @Override
    public long usedWeight() {
        return policy.usedWeight();
    }

    @Override
    public int residentCount() {
        return policy.residentCount();
    }

    @Override
    public long peekVictim() {
        return policy.peekVictim();
    }

    @Override
    public void checkInvariants() {
        policy.checkInvariants();
    }
}
