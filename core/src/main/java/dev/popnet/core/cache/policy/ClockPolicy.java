package dev.popnet.core.cache.policy;

/**
 * CLOCK as FIFO with reinsertion (libCacheSim's Clock): a hit raises the object's counter (up to
 * 2^bits - 1); the victim search takes the oldest object, and one with a count is moved to the head with
 * its count lowered by one instead of leaving. One bit is the classic second-chance CLOCK.
 */
public final class ClockPolicy extends QueuePolicy {
    private final long maxCount;

    public ClockPolicy(long capacity, int bits) {
        super(bits == 1 ? "clock" : "clock(bits=" + bits + ")", capacity);
        if (bits < 1 || bits > 16) {
            throw new IllegalArgumentException("clock bits must be 1..16, got " + bits);
        }
        this.maxCount = (1L << bits) - 1;
    }

    @Override
    protected void onHit(int n) {
        if (slots.freq[n] < maxCount) {
            slots.freq[n]++;
        }
    }

    @Override
    protected int evictOne() {
        int[] freq = slots.freq;
        int n = list.last();
        while (freq[n] >= 1) {
            freq[n]--;
            list.moveToFirst(n);
            n = list.last();
        }
        list.remove(n);
        return n;
    }
}
