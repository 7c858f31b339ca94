package dev.popnet.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.popnet.core.cache.CapacityMode;
import dev.popnet.simulator.replay.ReplayResult;
import dev.popnet.simulator.replay.TraceReplay;
import dev.popnet.simulator.workload.Request;
import dev.popnet.simulator.workload.SyntheticWorkload;
import dev.popnet.simulator.workload.WorkloadSpec;
import dev.popnet.simulator.workload.ZipfSampler;
import java.util.Arrays;
import java.util.Iterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * LRU and FIFO under the independent reference model agree with Che's approximation (Che, Tung and
 * Wang 2002; FIFO form from Martina, Garetto and Leonardi 2014): find the characteristic time T with
 * sum over objects of P(in cache) = C, then hit ratio = sum of p_i P(in cache)_i, where P(in cache)
 * is 1 - e^(-p_i T) for LRU and p_i T / (1 + p_i T) for FIFO.
 */
class CheApproximationTest {
    private static final int OBJECTS = 10_000;
    private static final double ALPHA = 0.8;
    private static final int WARMUP = 500_000;
    private static final int MEASURED = 2_000_000;

    @ParameterizedTest(name = "{0} with {1} objects")
    @CsvSource({"lru,100", "lru,500", "lru,2000", "fifo,100", "fifo,500", "fifo,2000"})
    void simulatedHitRatioMatchesChe(String policy, int capacity) {
        double[] p = new ZipfSampler(OBJECTS, ALPHA).probabilities();
        double expected = policy.equals("lru") ? che(p, capacity, true) : che(p, capacity, false);
        Request[] requests = SyntheticWorkload.first(WorkloadSpec.zipf(OBJECTS, ALPHA, 1), 11, WARMUP + MEASURED);
        ReplayResult all = replay(requests, 0, WARMUP + MEASURED, policy, capacity);
        ReplayResult warm = replay(requests, 0, WARMUP, policy, capacity);
        double measured = (double) (all.hits() - warm.hits()) / MEASURED;
        assertEquals(expected, measured, 0.005, policy + " at capacity " + capacity + ": Che " + expected + ", simulated " + measured);
    }

    private static ReplayResult replay(Request[] requests, int from, int to, String policy, int capacity) {
        Iterator<Request> it = Arrays.asList(requests).subList(from, to).iterator();
        return TraceReplay.run(it, policy, capacity, CapacityMode.OBJECTS);
    }

    /** Hit ratio from Che's approximation; T by bisection. */
    static double che(double[] p, int capacity, boolean lru) {
        double lo = 0;
        double hi = 1;
        while (occupancy(p, hi, lru) < capacity) {
            hi *= 2;
        }
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (occupancy(p, mid, lru) < capacity) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double t = (lo + hi) / 2;
        double hit = 0;
        for (double pi : p) {
            hit += pi * inCache(pi, t, lru);
        }
        return hit;
    }

    private static double occupancy(double[] p, double t, boolean lru) {
        double sum = 0;
        for (double pi : p) {
            sum += inCache(pi, t, lru);
        }
        return sum;
    }

    private static double inCache(double pi, double t, boolean lru) {
        return lru ? 1 - Math.exp(-pi * t) : pi * t / (1 + pi * t);
    }
}
