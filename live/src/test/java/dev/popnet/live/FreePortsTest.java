package dev.popnet.live;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Ports handed out are free and, where the system says where its ephemeral range starts, below it. */
class FreePortsTest {
    @Test
    void portsAreFreeAndBelowTheEphemeralRange() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int low = 65536;
        if (Files.isReadable(range)) {
            try (BufferedReader r = Files.newBufferedReader(range)) {
                low = Integer.parseInt(r.readLine().trim().split("\\s+")[0]);
            }
        }
        for (int i = 0; i < 20; i++) {
            int port = FreePorts.on("127.0.0.1");
            assertTrue(port >= 1024 && port < low, "port " + port + " below the ephemeral range from " + low);
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                assertTrue(s.isBound());
            }
        }
    }
}
