package dev.popnet.simulator.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticWorkloadTest {

    /** Remembered or worked out, a request's size is the distribution's pure function of (seed, id). */
    @Test
    void sizesAreThoseOfTheDistributionForPopularAndRareObjects() {
        SizeDistribution logNormal = new SizeDistribution.LogNormal(32_768, 1.0, 16_777_216L);
        SizeDistribution pareto = new SizeDistribution.Pareto(1_000, 1.2, null);
        // the first class is larger than the ranks whose sizes are remembered, so both paths are taken
        ContentClass big = new ContentClass("big", 2, 100_000, 0.6, logNormal, ContentClass.DEFAULT_CACHE_CONTROL, null, null);
        ContentClass small = new ContentClass("small", 1, 500, 0.9, pareto, ContentClass.DEFAULT_CACHE_CONTROL, null, null);
        WorkloadSpec spec = new WorkloadSpec(0, 0, null, 2000, null, List.of(), null, List.of(big, small));
        long seed = 7;
        long beyondRemembered = 0;
        for (Request r : SyntheticWorkload.first(spec, seed, 200_000)) {
            SizeDistribution sizes = spec.classes().get(r.contentClass()).sizes();
            assertEquals(sizes.sizeOf(seed, r.objectId()), r.size(), () -> "object " + r.objectId());
            if (r.contentClass() == 0 && r.objectId() - spec.firstId(0) + 1 > 1 << 14) {
                beyondRemembered++;
            }
        }
        assertTrue(beyondRemembered > 1000, "rare objects drawn: " + beyondRemembered);
    }
}
