package dev.popnet.simulator.workload;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.popnet.core.config.Check;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Object sizes in bytes. Each object's size is a pure function of the run seed and its id, so an
 * object keeps its size for the whole run and across runs with the same seed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SizeDistribution.Fixed.class, name = "fixed"),
    @JsonSubTypes.Type(value = SizeDistribution.LogNormal.class, name = "lognormal"),
    @JsonSubTypes.Type(value = SizeDistribution.Pareto.class, name = "pareto"),
    @JsonSubTypes.Type(value = SizeDistribution.Empirical.class, name = "empirical")})
public sealed interface SizeDistribution {

    /** Size of the object from a uniform random source seeded by (seed, id). */
    long sample(RandomGenerator random);

    default long sizeOf(long seed, long objectId) {
        return Math.max(1, sample(new SplittableRandom(drawSeed(seed, objectId))));
    }

    /** {@link #sizeOf(long, long)} drawn with {@code draws}, which a single-threaded caller keeps for every request. */
    default long sizeOf(long seed, long objectId, SeededDraws draws) {
        return Math.max(1, sample(draws.seed(drawSeed(seed, objectId))));
    }

    private static long drawSeed(long seed, long objectId) {
        return seed * 0x9E3779B97F4A7C15L ^ objectId;
    }

    /** Every object has the same size. */
    record Fixed(long bytes) implements SizeDistribution {
        public Fixed {
            Check.positive("bytes", bytes);
        }

        @Override
        public long sample(RandomGenerator random) {
            return bytes;
        }
    }

    /** Log-normal with the given median (bytes) and sigma of the underlying normal; web objects look like this. */
    record LogNormal(long median, double sigma, Long max) implements SizeDistribution {
        public LogNormal {
            Check.positive("median", median);
            Check.that(sigma > 0, "sigma", sigma, "must be positive");
        }

        @Override
        public long sample(RandomGenerator random) {
            long v = Math.round(median * Math.exp(sigma * random.nextGaussian()));
            return max == null ? v : Math.min(max, v);
        }
    }

    /** Pareto with minimum {@code scale} bytes and tail index {@code shape}: heavy tails (video, downloads). */
    record Pareto(long scale, double shape, Long max) implements SizeDistribution {
        public Pareto {
            Check.positive("scale", scale);
            Check.that(shape > 0, "shape", shape, "must be positive");
        }

        @Override
        public long sample(RandomGenerator random) {
            double u = 1.0 - random.nextDouble();
            long v = Math.round(scale / Math.pow(u, 1.0 / shape));
            return max == null ? v : Math.min(max, v);
        }
    }

    /** Sizes drawn from a list, each with a weight (e.g. a histogram read off a real trace). */
    record Empirical(List<Long> sizes, List<Double> weights) implements SizeDistribution {
        public Empirical {
            Check.that(sizes != null && !sizes.isEmpty(), "sizes", sizes, "must list at least one size");
            Check.that(weights == null || weights.size() == sizes.size(), "weights", weights, "must have one weight per size");
        }

        @Override
        public long sample(RandomGenerator random) {
            if (weights == null) {
                return sizes.get(random.nextInt(sizes.size()));
            }
            double total = weights.stream().mapToDouble(Double::doubleValue).sum();
            double x = random.nextDouble() * total;
            for (int i = 0; i < sizes.size(); i++) {
                x -= weights.get(i);
                if (x < 0) {
                    return sizes.get(i);
                }
            }
            return sizes.get(sizes.size() - 1);
        }
    }
}
