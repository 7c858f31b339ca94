package dev.popnet.simulator.replay;

import dev.popnet.simulator.trace.OracleGeneralWriter;
import dev.popnet.simulator.trace.TraceCursor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded Zipf trace, written in libCacheSim's oracleGeneral format so both simulators can replay the
 * same bytes: {@code objects} ids with popularity ∝ 1/rank^alpha, one request a second, each object a
 * fixed size drawn once from 1..{@code maxSize} bytes. The same arguments always give the same file.
 */
public final class ZipfTrace {
    private ZipfTrace() {
    }

    /** {@code java -cp popnet.jar dev.popnet.simulator.replay.ZipfTrace PATH OBJECTS ALPHA REQUESTS MAX_SIZE SEED}: for benchmarks. */
    public static void main(String[] args) {
        if (args.length != 6) {
            System.err.println("usage: ZipfTrace PATH OBJECTS ALPHA REQUESTS MAX_SIZE SEED");
            System.exit(2);
        }
        write(Path.of(args[0]), Integer.parseInt(args[1]), Double.parseDouble(args[2]), Long.parseLong(args[3]), Long.parseLong(args[4]),
                Long.parseLong(args[5]));
    }

    public static void write(Path path, int objects, double alpha, long requests, long maxSize, long seed) {
        double[] cumulative = new double[objects];
        double sum = 0;
        for (int i = 0; i < objects; i++) {
            sum += 1 / Math.pow(i + 1, alpha);
            cumulative[i] = sum;
        }
        SplittableRandom random = new SplittableRandom(seed);
        long[] ids = new long[Math.toIntExact(requests)];
        for (int i = 0; i < ids.length; i++) {
            int rank = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
            ids[i] = 1 + (rank < 0 ? -rank - 1 : rank);
        }
        long[] next = new long[ids.length];
        LongLongMap last = new LongLongMap(objects);
        for (int i = ids.length - 1; i >= 0; i--) {
            long seen = last.put(ids[i], i, TraceCursor.NEVER);
            next[i] = seen == TraceCursor.NEVER ? TraceCursor.NEVER : seen + 1; // libCacheSim counts from 1
        }
        try (OracleGeneralWriter out = new OracleGeneralWriter(path)) {
            for (int i = 0; i < ids.length; i++) {
                out.write(i, ids[i], sizeOf(ids[i], maxSize, seed), next[i]);
            }
        }
    }

    private static long sizeOf(long id, long maxSize, long seed) {
        long h = (id ^ seed) * 0x9E3779B97F4A7C15L;
        h = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L;
        return 1 + Math.floorMod(h ^ (h >>> 32), maxSize);
    }
}
