package dev.popnet.dns;

import dev.popnet.core.config.ConfigLoader;
import io.vertx.core.Vertx;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Raw DNS over UDP and TCP to a server on loopback, and servers started from YAML, for the router's tests. */
final class DnsPeers {
    private DnsPeers() {
    }

    /** A server from a YAML config written to {@code file} (which it then watches). */
    static DnsServer start(Vertx vertx, Path file, String yaml) throws Exception {
        Files.writeString(file, yaml);
        return DnsServer.start(vertx, ConfigLoader.load(DnsConfig.class, file), file).await(10, TimeUnit.SECONDS);
    }

    static byte[] udp(int port, byte[] packet) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(2000);
            s.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), port));
            DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
            s.receive(reply);
            return Arrays.copyOf(reply.getData(), reply.getLength());
        }
    }

    /** One query on a fresh TCP connection (RFC 7766 framing). */
    static byte[] tcp(int port, byte[] packet) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(2000);
            return exchange(s, packet);
        }
    }

    static byte[] exchange(Socket s, byte[] packet) throws IOException {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeShort(packet.length);
        out.write(packet);
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] reply = new byte[in.readUnsignedShort()];
        in.readFully(reply);
        return reply;
    }

    /** Waits on a condition (never a fixed sleep): polls it until it holds or the time is up. */
    static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + millis + " ms waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
