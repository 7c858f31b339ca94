package dev.popnet.simulator.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** An object's size drawn through the reused generator is the size a new SplittableRandom gives it, for every distribution. */
class SeededDrawsTest {

    @Test
    void drawsWhatANewSplittableRandomDraws() {
        SeededDraws draws = new SeededDraws();
        for (long s = -3; s < 2_000; s++) {
            SplittableRandom fresh = new SplittableRandom(s * 7919);
            draws.seed(s * 7919);
            for (int i = 0; i < 3; i++) {
                assertEquals(fresh.nextLong(), draws.nextLong());
                assertEquals(fresh.nextGaussian(), draws.nextGaussian());
                assertEquals(fresh.nextDouble(), draws.nextDouble());
                assertEquals(fresh.nextInt(17), draws.nextInt(17));
            }
        }
    }

    @Test
    void everyDistributionGivesAnObjectTheSameSizeEitherWay() {
        List<SizeDistribution> all = List.of(new SizeDistribution.Fixed(1000), new SizeDistribution.LogNormal(32768, 1.0, 16L << 20),
                new SizeDistribution.Pareto(1000, 1.2, null), new SizeDistribution.Empirical(List.of(10L, 20L, 30L), List.of(0.2, 0.5, 0.3)),
                new SizeDistribution.Empirical(List.of(1L, 2L), null));
        SeededDraws draws = new SeededDraws();
        for (SizeDistribution d : all) {
            for (long id = 1; id <= 20_000; id++) {
                assertEquals(d.sizeOf(42, id), d.sizeOf(42, id, draws), d + ", object " + id);
            }
        }
    }
}
