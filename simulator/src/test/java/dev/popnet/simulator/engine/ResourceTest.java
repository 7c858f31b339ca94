package dev.popnet.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A resource starts each job when a plain list of servers, scanned for the earliest free, would. */
class ResourceTest {

    @ParameterizedTest
    @CsvSource({
        "1, 5000, 0",      // one link: finishes always in order
        "512, 20000, 0",   // the origin's slots, one service time
        "4, 0, 90000",     // an edge's cores, service by size: the ring turns into a heap
        "3, 30000, 0",
        "64, 40000, 1000", // constant at first, then a different time breaks the order
    })
    void startsEveryJobWhenTheEarliestServerIsFree(int servers, long constant, long varying) {
        Resource r = new Resource(servers);
        long[] free = new long[servers];
        SplittableRandom random = new SplittableRandom(servers);
        long arrival = 0;
        long busy = 0;
        for (int job = 0; job < 20_000; job++) {
            arrival += random.nextLong(constant / Math.max(1, servers / 4) + 100);
            long service = constant + (varying == 0 || job < 5_000 && constant > 0 ? 0 : random.nextLong(varying));
            long maxWait = random.nextInt(10) == 0 ? 0 : Long.MAX_VALUE;
            int earliest = 0;
            for (int s = 1; s < servers; s++) {
                earliest = free[s] < free[earliest] ? s : earliest;
            }
            long start = Math.max(arrival, free[earliest]);
            long expected = start - arrival > maxWait ? -1 : start;
            if (expected >= 0) {
                free[earliest] = start + service;
                busy += service;
            }
            assertEquals(expected, r.admit(arrival, service, maxWait), "job " + job);
            if (job % 997 == 0) {
                long ahead = 0;
                for (long f : free) {
                    ahead += Math.max(0, f - arrival);
                }
                assertEquals(busy - ahead, r.workedBy(arrival), "worked by job " + job);
            }
        }
        assertEquals(busy, r.busyNanos());
    }
}
