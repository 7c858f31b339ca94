package dev.popnet.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports free now, so a process can be told its port before it starts. They are drawn below the
 * system's ephemeral range: a port from that range (what binding port 0 gives) can be taken, between
 * the plan and the start, as the local end of any outgoing connection on a busy machine.
 */
final class FreePorts {
    /** The lowest port drawn from; the highest is just below the ephemeral range. */
    private static final int LOWEST = 20000;
    private static final int ATTEMPTS = 200;

    private FreePorts() {
    }

    static int on(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (IOException e) {
            throw new UncheckedIOException("no such host " + host + ": " + e.getMessage(), e);
        }
        int below = ephemeralLow();
        for (int i = 0; below - LOWEST > ATTEMPTS && i < ATTEMPTS; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            try (ServerSocket s = new ServerSocket(port, 1, address)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, address)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host + ": " + e.getMessage(), e);
        }
    }

    /**
     * The start of the ephemeral range (Linux), or where it starts by default elsewhere. Read line by
     * line: /proc files say they are empty, and a read sized by that gets only their first byte.
     */
    private static int ephemeralLow() {
        try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            return Integer.parseInt(r.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}
