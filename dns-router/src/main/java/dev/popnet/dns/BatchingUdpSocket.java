package dev.popnet.dns;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryLayout;
import jdk.incubator.foreign.MemorySegment;
import jdk.incubator.foreign.ResourceScope;

/**
 * A Linux UDP socket read with {@code recvmmsg(MSG_WAITFORONE)} and written with {@code sendmmsg}, called
 * straight from its blocking thread through the foreign-function API: under load one pair of system calls
 * serves a whole batch of queries (the JDK's DatagramChannel makes one {@code recvfrom} and one
 * {@code sendto} per packet); at a low rate a call returns as soon as one packet is there, so a query waits
 * for nothing. Needs 64-bit Linux and the {@code jdk.incubator.foreign} module; {@link UdpTransport} falls
 * back to DatagramChannel without them.
 *
 * <p>Pointers and sizes are passed as C longs (one 64-bit integer register each, as pointers are on
 * x86-64 and AArch64), so a call makes no address objects. The structures are laid out by hand for 64-bit
 * Linux: {@code iovec} 16 bytes, {@code msghdr} 56, {@code mmsghdr} 64.
 */
final class BatchingUdpSocket implements UdpTransport.Endpoint {
    /** Packets read or sent per system call at most. */
    static final int BATCH = 32;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUF = 8;
    private static final int SO_REUSEPORT = 15;
    private static final int SO_RCVTIMEO = 20;
    private static final int MSG_WAITFORONE = 0x10000;
    private static final int SHUT_RDWR = 2;
    private static final int IOVEC = 16;
    private static final int MMSGHDR = 64;
    private static final int MSG_NAMELEN = 8;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_LEN = 56;
    /** Room for a sockaddr_in6 (28 bytes), rounded up. */
    private static final int NAME = 32;
    /** Answers of one batch are packed here; a batch that would overflow it is sent in parts. */
    private static final int OUT_AREA = 2 * UdpTransport.MAX_ANSWER;

    private static final MethodHandle SOCKET = function("socket", int.class, int.class, int.class);
    private static final MethodHandle SETSOCKOPT = function("setsockopt", int.class, int.class, int.class, long.class, int.class);
    private static final MethodHandle BIND = function("bind", int.class, long.class, int.class);
    private static final MethodHandle GETSOCKNAME = function("getsockname", int.class, long.class, long.class);
    private static final MethodHandle RECVMMSG = function("recvmmsg", int.class, long.class, int.class, int.class, long.class);
    private static final MethodHandle SENDMMSG = function("sendmmsg", int.class, long.class, int.class, int.class);
    private static final MethodHandle SHUTDOWN = function("shutdown", int.class, int.class);
    private static final MethodHandle CLOSE = function("close", int.class);

    private final int fd;
    private final int port;
    private volatile boolean closed;

    private BatchingUdpSocket(int fd, int port) {
        this.fd = fd;
        this.port = port;
    }

    /** Whether this JVM can make the calls: touching the class links every function, or throws. */
    static boolean linked() {
        return CLOSE != null;
    }

    /** A socket bound to {@code address:port} (0 = a free port) with SO_REUSEPORT and the given receive buffer. */
    static BatchingUdpSocket bind(InetAddress address, int port, int receiveBuffer) throws IOException {
        boolean v6 = address instanceof Inet6Address;
        int fd = call(SOCKET, v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("socket() failed");
        }
        try (ResourceScope scope = ResourceScope.newConfinedScope()) {
            MemorySegment scratch = MemorySegment.allocateNative(NAME + 16, 8, scope);
            ByteBuffer b = scratch.asByteBuffer().order(ByteOrder.nativeOrder());
            long at = scratch.address().toRawLongValue();
            b.putInt(0, 1);
            option(fd, SO_REUSEPORT, at, 4);
            b.putInt(0, receiveBuffer);
            option(fd, SO_RCVBUF, at, 4);
            b.putLong(0, 1).putLong(8, 0); // struct timeval: a blocked receive looks at the closed flag once a second
            option(fd, SO_RCVTIMEO, at, 16);
            int length = sockaddr(b, address, port);
            if (call(BIND, fd, at, length) != 0) {
                throw new IOException(whyNotBound(address, port));
            }
            b.putInt(NAME, NAME);
            if (call(GETSOCKNAME, fd, at, at + NAME) != 0) {
                throw new IOException("getsockname() failed");
            }
            return new BatchingUdpSocket(fd, Short.toUnsignedInt(b.order(ByteOrder.BIG_ENDIAN).getShort(2)));
        } catch (IOException | RuntimeException e) {
            call(CLOSE, fd);
            throw e;
        }
    }

    /** The JDK's words for a failed bind (this API gives no errno): it tries the same address itself. */
    private static String whyNotBound(InetAddress address, int port) {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress(address, port));
            return "bind() failed";
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static void option(int fd, int name, long value, int length) throws IOException {
        if (call(SETSOCKOPT, fd, SOL_SOCKET, name, value, length) != 0) {
            throw new IOException("setsockopt(" + name + ") failed");
        }
    }

    /** Writes a sockaddr_in or sockaddr_in6 at the buffer's start; returns its length. */
    private static int sockaddr(ByteBuffer b, InetAddress address, int port) {
        for (int i = 0; i < NAME; i++) {
            b.put(i, (byte) 0);
        }
        byte[] ip = address.getAddress();
        b.putShort(0, (short) (ip.length == 4 ? AF_INET : AF_INET6)); // sa_family in host order
        b.put(2, (byte) (port >>> 8)).put(3, (byte) port); // the port in network order
        if (ip.length == 4) {
            b.put(4, ip);
            return 16;
        }
        b.put(8, ip);
        b.putInt(24, ((Inet6Address) address).getScopeId());
        return 28;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void serve(UdpTransport.Responder responder, Runnable onDrop) {
        try (ResourceScope scope = ResourceScope.newConfinedScope()) {
            Batch in = new Batch(scope, UdpTransport.MAX_QUERY * BATCH);
            Batch out = new Batch(scope, OUT_AREA);
            for (int i = 0; i < BATCH; i++) {
                in.message(i, in.nameAt(i), NAME, in.bufferAt + (long) i * UdpTransport.MAX_QUERY, UdpTransport.MAX_QUERY);
            }
            byte[] packet = new byte[UdpTransport.MAX_QUERY];
            byte[] answer = new byte[UdpTransport.MAX_ANSWER];
            Senders senders = new Senders();
            while (!closed) {
                for (int i = 0; i < BATCH; i++) {
                    in.heads.putInt(i * MMSGHDR + MSG_NAMELEN, NAME); // the kernel shrank them to each sender's length
                }
                int n = recvmmsg(fd, in.headsAt, BATCH); // <= 0: the receive timeout, or an interrupted call
                if (closed) {
                    return; // shut down: what the call returned is empty datagrams
                }
                int queued = 0;
                int used = 0;
                for (int i = 0; i < n; i++) {
                    int length = in.heads.getInt(i * MMSGHDR + MSG_LEN);
                    int nameLength = in.heads.getInt(i * MMSGHDR + MSG_NAMELEN);
                    InetAddress sender = senders.of(in.names, i * NAME, nameLength);
                    if (sender == null) {
                        onDrop.run();
                        continue;
                    }
                    in.buffer.get(i * UdpTransport.MAX_QUERY, packet, 0, length);
                    int a;
                    try {
                        a = responder.respond(packet, length, sender, answer);
                    } catch (RuntimeException e) {
                        onDrop.run();
                        continue;
                    }
                    if (a < 0) {
                        continue;
                    }
                    if (used + a > OUT_AREA) {
                        send(out, queued, onDrop);
                        queued = 0;
                        used = 0;
                    }
                    out.buffer.put(used, answer, 0, a);
                    out.message(queued, in.nameAt(i), nameLength, out.bufferAt + used, a);
                    queued++;
                    used += a;
                }
                send(out, queued, onDrop);
            }
        }
    }

    /** Sends the first {@code count} messages of {@code out}; one that cannot be sent (the client went away) is dropped. */
    private void send(Batch out, int count, Runnable onDrop) {
        int sent = 0;
        while (sent < count) {
            int r = sendmmsg(fd, out.headsAt + (long) sent * MMSGHDR, count - sent);
            if (r > 0) {
                sent += r;
            } else {
                onDrop.run();
                sent++;
            }
        }
    }

    @Override
    public void shutdown() {
        closed = true;
        call(SHUTDOWN, fd, SHUT_RDWR); // wakes a blocked recvmmsg (it returns at once from now on)
    }

    @Override
    public void release() {
        call(CLOSE, fd);
    }

    /** BATCH mmsghdr with their iovecs and sender addresses, and a data area; a thread's own, reused for every call. */
    private static final class Batch {
        final ByteBuffer heads;
        final long headsAt;
        final ByteBuffer iovecs;
        final long iovecsAt;
        final ByteBuffer names;
        final long namesAt;
        final ByteBuffer buffer;
        final long bufferAt;

        Batch(ResourceScope scope, int bufferSize) {
            MemorySegment h = MemorySegment.allocateNative(BATCH * MMSGHDR, 8, scope);
            MemorySegment v = MemorySegment.allocateNative(BATCH * IOVEC, 8, scope);
            MemorySegment n = MemorySegment.allocateNative(BATCH * NAME, 8, scope);
            MemorySegment b = MemorySegment.allocateNative(bufferSize, 8, scope);
            h.fill((byte) 0);
            heads = h.asByteBuffer().order(ByteOrder.nativeOrder());
            headsAt = h.address().toRawLongValue();
            iovecs = v.asByteBuffer().order(ByteOrder.nativeOrder());
            iovecsAt = v.address().toRawLongValue();
            names = n.asByteBuffer().order(ByteOrder.nativeOrder());
            namesAt = n.address().toRawLongValue();
            buffer = b.asByteBuffer();
            bufferAt = b.address().toRawLongValue();
        }

        long nameAt(int i) {
            return namesAt + (long) i * NAME;
        }

        /** Points message {@code i} at a name and at one data slice. */
        void message(int i, long name, int nameLength, long data, int length) {
            int m = i * MMSGHDR;
            heads.putLong(m, name).putInt(m + MSG_NAMELEN, nameLength);
            heads.putLong(m + MSG_IOV, iovecsAt + (long) i * IOVEC).putLong(m + MSG_IOVLEN, 1);
            iovecs.putLong(i * IOVEC, data).putLong(i * IOVEC + 8, length);
        }
    }

    /**
     * Sender addresses as InetAddress, for the router: the last one is kept, so a run of queries from one
     * resolver (the common case) makes no object per packet.
     */
    private static final class Senders {
        private final byte[] last = new byte[16];
        private final byte[] v4 = new byte[4];
        private final byte[] v6 = new byte[16];
        private int lastLength;
        private InetAddress lastAddress;

        /** The address of the sockaddr at {@code at}, or null when it is neither IPv4 nor IPv6. */
        InetAddress of(ByteBuffer names, int at, int nameLength) {
            int family = Short.toUnsignedInt(names.getShort(at));
            byte[] ip;
            if (family == AF_INET && nameLength >= 16) {
                ip = v4;
                names.get(at + 4, ip);
            } else if (family == AF_INET6 && nameLength >= 24) {
                ip = v6;
                names.get(at + 8, ip);
            } else {
                return null;
            }
            if (ip.length == lastLength && java.util.Arrays.equals(ip, 0, ip.length, last, 0, ip.length)) {
                return lastAddress;
            }
            try {
                lastAddress = InetAddress.getByAddress(ip);
            } catch (UnknownHostException e) {
                return null;
            }
            System.arraycopy(ip, 0, last, 0, ip.length);
            lastLength = ip.length;
            return lastAddress;
        }
    }

    /** A libc function returning int, taking ints and longs. */
    private static MethodHandle function(String name, Class<?>... parameters) {
        MemoryLayout[] layouts = new MemoryLayout[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            layouts[i] = parameters[i] == long.class ? CLinker.C_LONG : CLinker.C_INT;
        }
        return CLinker.getInstance().downcallHandle(
                CLinker.systemLookup().lookup(name).orElseThrow(() -> new UnsatisfiedLinkError("no " + name + " in libc")),
                MethodType.methodType(int.class, parameters), FunctionDescriptor.of(CLinker.C_INT, layouts));
    }

    private static int recvmmsg(int fd, long messages, int count) {
        try {
            return (int) RECVMMSG.invokeExact(fd, messages, count, MSG_WAITFORONE, 0L);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static int sendmmsg(int fd, long messages, int count) {
        try {
            return (int) SENDMMSG.invokeExact(fd, messages, count, 0);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The calls made once per socket, not per packet. */
    private static int call(MethodHandle f, Object... args) {
        try {
            return (int) f.invokeWithArguments(args);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
