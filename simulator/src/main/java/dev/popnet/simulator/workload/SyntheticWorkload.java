package dev.popnet.simulator.workload;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Zipf-popular requests arriving as a Poisson process whose rate follows the arrival shape, plus flash
 * crowds (whose objects belong to the first content class). Generated lazily and deterministically
 * from the seed; an unbounded stream, so the caller stops it (request count or duration).
 */
public final class SyntheticWorkload implements Iterator<Request> {
    private final WorkloadSpec spec;
    private final long seed;
    private final ZipfSampler[] zipf;
    private final long[] firstId;
    private final double[] cumulativeShare;
    private final long catalogue;
    private final SplittableRandom random;
    private final SeededDraws sizeDraws = new SeededDraws();
    private final double maxRatePerNano;
    /**
     * Each class's most popular objects' sizes by rank, filled as they are first asked for (0: not
     * yet): a size is a pure function of (seed, id), but working it out makes a generator and draws a
     * Gaussian, and the popular objects are asked for again and again. Only the first
     * {@link #MEMO_RANKS} ranks: a table of every object would be a memory miss for each rare one,
     * dearer than working its size out.
     */
    private final long[][] sizes;
    private static final int MEMO_RANKS = 1 << 14;
    private long now;

    public SyntheticWorkload(WorkloadSpec spec, long seed) {
        this.spec = spec;
        this.seed = seed;
        int n = spec.classes().size();
        this.catalogue = spec.catalogue();
        this.zipf = new ZipfSampler[n];
        this.sizes = new long[n][];
        this.firstId = new long[n];
        this.cumulativeShare = new double[n];
        double total = spec.classes().stream().mapToDouble(ContentClass::share).sum();
        double acc = 0;
        for (int c = 0; c < n; c++) {
            ContentClass cc = spec.classes().get(c);
            zipf[c] = new ZipfSampler(cc.objects(), cc.alpha());
            sizes[c] = new long[(int) Math.min(cc.objects(), MEMO_RANKS)];
            firstId[c] = spec.firstId(c);
            acc += cc.share() / total;
            cumulativeShare[c] = acc;
        }
        this.random = new SplittableRandom(seed);
        double maxMultiplier = spec.flashCrowds().stream().mapToDouble(FlashCrowd::multiplier).max().orElse(1);
        this.maxRatePerNano = spec.rate() * spec.shape().maxFactor() * maxMultiplier / 1e9;
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Request next() {
        while (true) {
            now += Math.max(1, Math.round(-Math.log(1.0 - random.nextDouble()) / maxRatePerNano));
            double base = spec.rate() * spec.shape().factor(now) / 1e9;
            FlashCrowd flash = activeFlash(now);
            double extra = flash == null ? 0 : base * (flash.multiplier() - 1);
            double u = random.nextDouble() * maxRatePerNano;
            if (u >= base + extra) {
                continue; // thinned: the rate at this moment is below the bound
            }
            if (u >= base) {
                long id = catalogue + 1 + random.nextInt(flash.objects());
                return new Request(now, id, spec.classes().get(0).sizes().sizeOf(seed, id, sizeDraws), 0, -1);
            }
            int c = pickClass();
            long rank = zipf[c].sample(random);
            long id = firstId[c] - 1 + rank;
            return new Request(now, id, sizeOf(c, rank, id), c, -1);
        }
    }

    private long sizeOf(int c, long rank, long id) {
        long[] known = sizes[c];
        if (rank > known.length) {
            return spec.classes().get(c).sizes().sizeOf(seed, id, sizeDraws);
        }
        long size = known[(int) rank - 1];
        if (size == 0) {
            size = spec.classes().get(c).sizes().sizeOf(seed, id, sizeDraws);
            known[(int) rank - 1] = size;
        }
        return size;
    }

    /** One class needs no draw, so a single-class workload is the same sequence it always was. */
    private int pickClass() {
        if (cumulativeShare.length == 1) {
            return 0;
        }
        double u = random.nextDouble();
        for (int c = 0; c < cumulativeShare.length - 1; c++) {
            if (u < cumulativeShare[c]) {
                return c;
            }
        }
        return cumulativeShare.length - 1;
    }

    private FlashCrowd activeFlash(long t) {
        List<FlashCrowd> crowds = spec.flashCrowds();
        for (FlashCrowd c : crowds) {
            if (c.activeAt(t)) {
                return c;
            }
        }
        return null;
    }

    /** Convenience for tests and benchmarks: the first {@code count} requests. */
    public static Request[] first(WorkloadSpec spec, long seed, int count) {
        SyntheticWorkload w = new SyntheticWorkload(spec, seed);
        Request[] out = new Request[count];
        for (int i = 0; i < count; i++) {
            if (!w.hasNext()) {
                throw new NoSuchElementException();
            }
            out[i] = w.next();
        }
        return out;
    }
}
