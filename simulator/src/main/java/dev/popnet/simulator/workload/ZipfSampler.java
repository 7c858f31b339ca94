package dev.popnet.simulator.workload;

import java.util.random.RandomGenerator;

/**
 * Draws ranks 1..n with probability proportional to rank^-alpha in O(1) time and memory, by
 * rejection-inversion (Hörmann and Derflinger, 1996), for any alpha > 0 including 1.
 */
public final class ZipfSampler {
    private final long n;
    private final double alpha;
    private final double hIntegralX1;
    private final double hIntegralN;
    private final double s;

    public ZipfSampler(long n, double alpha) {
        if (n < 1 || alpha <= 0) {
            throw new IllegalArgumentException("zipf needs n >= 1 and alpha > 0 (got n=" + n + ", alpha=" + alpha + ")");
        }
        this.n = n;
        this.alpha = alpha;
        this.hIntegralX1 = hIntegral(1.5) - 1.0;
        this.hIntegralN = hIntegral(n + 0.5);
        this.s = 2.0 - hIntegralInverse(hIntegral(2.5) - h(2));
    }

    public long sample(RandomGenerator random) {
        while (true) {
            double u = hIntegralN + random.nextDouble() * (hIntegralX1 - hIntegralN);
            double x = hIntegralInverse(u);
            long k = (long) (x + 0.5);
            if (k < 1) {
                k = 1;
            } else if (k > n) {
                k = n;
            }
            if (k - x <= s || u >= hIntegral(k + 0.5) - h(k)) {
                return k;
            }
        }
    }

    /** Exact probability of each rank, for analytic checks (Che's approximation). */
    public double[] probabilities() {
        double[] p = new double[(int) n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.pow(i + 1, -alpha);
            sum += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private double hIntegral(double x) {
        double logX = Math.log(x);
        return helper2((1.0 - alpha) * logX) * logX;
    }

    private double h(double x) {
        return Math.exp(-alpha * Math.log(x));
    }

    private double hIntegralInverse(double x) {
        double t = x * (1.0 - alpha);
        if (t < -1.0) {
            t = -1.0;
        }
        return Math.exp(helper1(t) * x);
    }

    /** log1p(x)/x, accurate near 0. */
    private static double helper1(double x) {
        return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
    }

    /** expm1(x)/x, accurate near 0. */
    private static double helper2(double x) {
        return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x));
    }
}
