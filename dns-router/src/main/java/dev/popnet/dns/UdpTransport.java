package dev.popnet.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * DNS over UDP on Netty. On Linux: native epoll, one socket per core bound to the same port with
 * SO_REUSEPORT (the kernel spreads clients over them), each read with recvmmsg (up to {@link #BATCH}
 * datagrams per system call) and its answers written without a flush until the batch is read, so
 * they leave in one sendmmsg. Elsewhere: one NIO socket.
 */
final class UdpTransport {
    /** What answers a packet: the response's bytes, or null for none. */
    @FunctionalInterface
    interface Responder {
        byte[] respond(byte[] packet, InetAddress sender);
    }

    /** Largest query read; DNS queries are a few hundred bytes at most. */
    private static final int MAX_QUERY = 1536;
    private static final int BATCH = 16;

    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();

    private UdpTransport(EventLoopGroup group) {
        this.group = group;
    }

    /** Binds {@code host:port} (0 = a free port) with one socket per thread. */
    static UdpTransport bind(String host, int port, int threads, Responder responder, Runnable onDrop) throws IOException {
        boolean epoll = Epoll.isAvailable();
        int sockets = epoll ? threads : 1;
        InetAddress address = InetAddress.getByName(host);
        // A socket of the address's own family: an IPv6 socket serving IPv4 through mapped addresses costs more per packet.
        SocketProtocolFamily family = address instanceof Inet6Address ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
        UdpTransport t = new UdpTransport(new MultiThreadIoEventLoopGroup(sockets, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory()));
        Bootstrap b = new Bootstrap().group(t.group)
                .channelFactory(() -> epoll ? new EpollDatagramChannel(family) : new NioDatagramChannel(family))
                .option(ChannelOption.SO_RCVBUF, 1 << 21).option(ChannelOption.SO_SNDBUF, 1 << 21)
                .handler(new Handler(responder, onDrop));
        if (epoll) {
            b.option(EpollChannelOption.SO_REUSEPORT, true).option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_QUERY)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_QUERY * BATCH));
        } else {
            b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_QUERY));
        }
        try {
            Channel first = b.bind(address, port).sync().channel();
            t.channels.add(first);
            int actual = ((InetSocketAddress) first.localAddress()).getPort();
            for (int i = 1; i < sockets; i++) {
                t.channels.add(b.bind(address, actual).sync().channel()); // each on the group's next event loop
            }
            return t;
        } catch (Exception e) {
            t.close();
            throw new IOException("cannot listen on udp " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    int port() {
        return ((InetSocketAddress) channels.get(0).localAddress()).getPort();
    }

    void close() {
        for (Channel c : channels) {
            c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @ChannelHandler.Sharable
    private static final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final Responder responder;
        private final Runnable onDrop;

        Handler(Responder responder, Runnable onDrop) {
            this.responder = responder;
            this.onDrop = onDrop;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf in = packet.content();
            byte[] data = new byte[in.readableBytes()];
            in.getBytes(in.readerIndex(), data);
            byte[] out = responder.respond(data, packet.sender().getAddress());
            if (out != null) {
                ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(out), packet.sender()), ctx.voidPromise());
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush(); // the whole batch's answers in one sendmmsg
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            onDrop.run(); // a send to a client that went away, or a read error: never fatal
        }
    }
}
