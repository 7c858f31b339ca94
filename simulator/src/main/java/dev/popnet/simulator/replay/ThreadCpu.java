package dev.popnet.simulator.replay;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The calling thread's CPU time in nanoseconds. On Linux it is read from {@code /proc/thread-self/schedstat}
 * (the scheduler's own count): the JVM's thread bean costs a small replay a noticeable share of its
 * start-up to load, and is used only where that file is missing.
 */
final class ThreadCpu {
    private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");
    private static final boolean PROC = Files.isReadable(SCHEDSTAT);

    private ThreadCpu() {
    }

    static long nanos() {
        if (PROC) {
            try {
                String s = new String(Files.readAllBytes(SCHEDSTAT), StandardCharsets.US_ASCII);
                int end = s.indexOf(' ');
                return Long.parseLong(end < 0 ? s.trim() : s.substring(0, end));
            } catch (IOException | NumberFormatException e) {
                // fall through to the bean
            }
        }
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
