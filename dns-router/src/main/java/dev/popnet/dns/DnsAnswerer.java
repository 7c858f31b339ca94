package dev.popnet.dns;

import dev.popnet.core.routing.CidrTable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one query into one response: authoritative for the zone, REFUSED outside it, NXDOMAIN with
 * the SOA for unknown names, A/AAAA for the CDN hostnames from the chosen PoP, EDNS(0) with Client
 * Subnet (RFC 7871) echoed with its scope, truncation with TC when the answer does not fit over UDP,
 * DNSSEC signatures and compact denial (RFC 9824) when the zone is signed and the query sets DO.
 *
 * <p>Two paths: {@link #precomputed} copies a response kept for the query's shape and client network
 * (the common case: a hostname's A or AAAA), {@link #answer} builds one with dnsjava and keeps it when
 * it may be reused. Only the second path reads unusual queries, so every corner is answered one way.
 */
final class DnsAnswerer {
    /** What happened, for stats. */
    record Result(byte[] wire, String type, String rcode, String pop, boolean truncated, boolean signed) {
    }

    /**
     * Question shapes kept per client network and epoch: real resolvers send a handful (A and AAAA, with
     * and without DO, one source prefix); a client cycling through ECS prefixes must not grow memory.
     */
    private static final int KEPT_PER_NETWORK = 256;

    private final DnsStats stats;

    DnsAnswerer(DnsStats stats) {
        this.stats = stats;
    }

    /**
     * Writes the response kept for this query's shape, patched for it, into {@code out}; returns its length,
     * or -1 when none is kept yet or it does not fit.
     */
    int precomputed(byte[] packet, WireQuery q, InetAddress source, boolean udp, DnsRouting routing, RoutingView view, long startNanos, byte[] out) {
        if (q.qtype != Type.A && q.qtype != Type.AAAA) {
            return -1;
        }
        int host = routing.hostIndex(packet, WireQuery.HEADER, q.nameEnd);
        if (host < 0) {
            return -1;
        }
        long net = network(packet, q, source, routing);
        AnswerTemplate t = routing.networkOf(net).answers(view.epoch()).templates.get(shape(q, host, CidrTable.scopeOf(net)));
        if (t == null || t.length() > q.maxSize(udp, routing.config.maxUdpSize()) || t.length() > out.length) {
            return -1;
        }
        int length = t.answer(packet, q, out);
        stats.precomputed.increment();
        if (t.signed) {
            stats.signed.increment();
        }
        t.tally.count(System.nanoTime() - startNanos);
        return length;
    }

    /** The client's network as {@link DnsRouting#networkMatch} packs it. */
    private static long network(byte[] packet, WireQuery q, InetAddress source, DnsRouting routing) {
        if (q.ecsFamily != 0) {
            return routing.networkMatch(packet, q.ecsAddressOffset, q.ecsFamily == 2, q.ecsSource);
        }
        byte[] a = q.sourceAddress(source);
        return routing.networkMatch(a, 0, a.length == 16, a.length * 8);
    }

    /** The key responses are kept under within a network's answers: everything they differ by but ID, case and address. */
    private static int shape(WireQuery q, int host, int scope) {
        int s = host * 2 + (q.qtype == Type.AAAA ? 1 : 0);
        s = s * 2 + (q.dnssecOk ? 1 : 0);
        s = s * 2 + (q.edns ? 1 : 0);
        s = s * 3 + q.ecsFamily;
        s = s * 129 + (q.ecsFamily == 0 ? 0 : q.ecsSource);
        return s * 129 + (q.ecsFamily == 0 ? 0 : scope);
    }

    /**
     * The full path. {@code q} is the query as {@link WireQuery} read it when it has the common shape
     * (then a reusable response is kept), else null. Returns null when the packet deserves no answer.
     */
    Result answer(byte[] packet, WireQuery q, InetAddress source, boolean udp, DnsRouting routing, RoutingView view) {
        Message query;
        try {
            query = new Message(packet);
        } catch (Exception e) {
            return formErr(packet);
        }
        Header qh = query.getHeader();
        if (qh.getFlag(Flags.QR)) {
            return null; // a response, not a query: never answer those (no reflection loops)
        }
        Message response = new Message(qh.getID());
        response.getHeader().setFlag(Flags.QR);
        for (int flag : new int[] {Flags.RD, Flags.CD}) {
            if (qh.getFlag(flag)) {
                response.getHeader().setFlag(flag);
            }
        }
        Record question = query.getQuestion();
        OPTRecord opt = query.getOPT();
        Reply reply = new Reply(response, opt, udp ? 512 : 65535, routing);
        if (opt != null && udp) {
            reply.maxSize = Math.max(512, Math.min(opt.getPayloadSize(), routing.config.maxUdpSize()));
        }
        if (qh.getOpcode() != Opcode.QUERY) {
            return reply.finish(Rcode.NOTIMP, "-", null);
        }
        if (question == null || query.getSection(Section.QUESTION).size() != 1) {
            return reply.finish(Rcode.FORMERR, "-", null);
        }
        if (query.getSection(Section.ADDITIONAL).stream().filter(r -> r.getType() == Type.OPT).count() > 1) {
            reply.opt = null;
            return reply.finish(Rcode.FORMERR, "-", null); // RFC 6891 §6.1.1: more than one OPT
        }
        response.addRecord(question, Section.QUESTION);
        String type = Type.string(question.getType());
        if (opt != null && opt.getVersion() > 0) {
            return reply.finish(Rcode.BADVERS, type, null); // RFC 6891 §6.1.3, with our version (0) in the OPT
        }
        ClientSubnetOption ecs = ecs(opt);
        if (ecs != null && ecs.getScopePrefixLength() != 0) {
            return reply.finish(Rcode.FORMERR, type, null); // RFC 7871 §7.1.2: queries carry scope 0; §7.2.1: FORMERR
        }
        int qtype = question.getType();
        if (qtype == Type.AXFR || qtype == Type.IXFR) {
            return reply.finish(Rcode.REFUSED, type, null); // no zone transfers: the answers are made per client
        }
        Name zone = routing.zone;
        Name qname = question.getName();
        if (!qname.subdomain(zone)) {
            return reply.finish(Rcode.REFUSED, type, null); // not ours: no recursion
        }
        response.getHeader().setFlag(Flags.AA);
        reply.dnssec = routing.signer != null && opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
        boolean host = routing.hostnames.contains(qname);
        byte[] client = ecs != null ? ecs.getAddress().getAddress() : source.getAddress();
        CidrTable.Match<DnsRouting.Network> net = routing.network(client, ecs != null ? ecs.getSourcePrefixLength() : client.length * 8);
        DnsRouting.Answers answers = net.value().answers(view.epoch());
        if (ecs != null) {
            reply.ecs = new ClientSubnetOption(ecs.getSourcePrefixLength(), 0, ecs.getAddress());
        }
        if (host && (qtype == Type.A || qtype == Type.AAAA || qtype == Type.ANY)) {
            DnsRouting.Choice choice = routing.choose(net.value(), answers, view);
            if (ecs != null) {
                reply.ecs = new ClientSubnetOption(ecs.getSourcePrefixLength(), net.prefixLength(), ecs.getAddress());
            }
            Result r = answerHost(reply, qname, qtype, type, choice);
            if (q != null && r.rcode().equals("NOERROR") && qtype != Type.ANY && answers.templates.size() < KEPT_PER_NETWORK
                    && AnswerTemplate.patchable(r.wire(), packet, q)) {
                int hostIndex = routing.hostIndex(packet, WireQuery.HEADER, q.nameEnd);
                answers.templates.put(shape(q, hostIndex, net.prefixLength()),
                        new AnswerTemplate(r.wire(), q.nameEnd, ecs == null ? 0 : q.ecsAddressLength(), stats.tally(type, r.rcode(), r.pop()), r.signed()));
            }
            return r;
        }
        if (qname.equals(zone)) {
            return answerApex(reply, qtype, type, host ? routing.choose(net.value(), answers, view) : null);
        }
        if (host) {
            return reply.noData(qname, typesAt(routing.choose(net.value(), answers, view)), type, null);
        }
        if (routing.hostnames.stream().anyMatch(h -> h.subdomain(qname))) {
            return reply.noData(qname, new int[0], type, null); // an empty non-terminal: it exists, with no data
        }
        if (reply.dnssec) {
            return reply.noData(qname, new int[] {DnssecSigner.NXNAME}, type, null); // RFC 9824 compact answer: NOERROR
        }
        reply.authority(soa(routing));
        return reply.finish(Rcode.NXDOMAIN, type, null);
    }

    private static Result answerHost(Reply reply, Name qname, int qtype, String type, DnsRouting.Choice choice) {
        if (choice == null) {
            return reply.finish(Rcode.SERVFAIL, type, null);
        }
        long ttl = (choice.failover() ? reply.routing.config.failoverTtl() : reply.routing.config.ttl()).toSeconds();
        List<Record> a = new ArrayList<>();
        List<Record> aaaa = new ArrayList<>();
        for (InetAddress address : choice.addresses()) {
            if (address.getAddress().length == 4) {
                a.add(new ARecord(qname, DClass.IN, ttl, address));
            } else {
                aaaa.add(new AAAARecord(qname, DClass.IN, ttl, address));
            }
        }
        if (qtype == Type.A || qtype == Type.ANY) {
            reply.answer(a);
        }
        if (qtype == Type.AAAA || qtype == Type.ANY) {
            reply.answer(aaaa);
        }
        if (reply.response.getSection(Section.ANSWER).isEmpty()) {
            return reply.noData(qname, typesAt(choice), type, choice.pop().name()); // the name exists, not with this type
        }
        return reply.finish(Rcode.NOERROR, type, choice.pop().name());
    }

    private Result answerApex(Reply reply, int qtype, String type, DnsRouting.Choice alsoHost) {
        DnsRouting routing = reply.routing;
        boolean any = qtype == Type.ANY;
        if (qtype == Type.SOA || any) {
            reply.answer(List.of(soa(routing)));
        }
        if (qtype == Type.NS || any) {
            List<Record> ns = new ArrayList<>();
            for (String n : routing.config.nameservers()) {
                ns.add(new NSRecord(routing.zone, DClass.IN, routing.config.ttl().toSeconds(), name(n)));
            }
            reply.answer(ns);
        }
        if (routing.signer != null && (qtype == Type.DNSKEY || any)) {
            reply.answer(List.copyOf(routing.signer.dnskeys()));
        }
        if (reply.response.getSection(Section.ANSWER).isEmpty()) {
            int[] host = typesAt(alsoHost);
            int[] types = java.util.Arrays.copyOf(host, host.length + (routing.signer != null ? 3 : 2));
            types[host.length] = Type.SOA;
            types[host.length + 1] = Type.NS;
            if (routing.signer != null) {
                types[host.length + 2] = Type.DNSKEY;
            }
            return reply.noData(routing.zone, types, type, null);
        }
        return reply.finish(Rcode.NOERROR, type, null);
    }

    /** The address types a hostname has for this client (its NSEC bitmap). */
    private static int[] typesAt(DnsRouting.Choice choice) {
        if (choice == null) {
            return new int[0];
        }
        boolean v4 = choice.addresses().stream().anyMatch(a -> a.getAddress().length == 4);
        boolean v6 = choice.addresses().stream().anyMatch(a -> a.getAddress().length == 16);
        return v4 && v6 ? new int[] {Type.A, Type.AAAA} : v4 ? new int[] {Type.A} : v6 ? new int[] {Type.AAAA} : new int[0];
    }

    /** A response being built: its sections, and what its OPT record will say. */
    private final class Reply {
        final Message response;
        final DnsRouting routing;
        OPTRecord opt;
        int maxSize;
        boolean dnssec;
        ClientSubnetOption ecs;
        boolean signed;

        Reply(Message response, OPTRecord opt, int maxSize, DnsRouting routing) {
            this.response = response;
            this.opt = opt;
            this.maxSize = maxSize;
            this.routing = routing;
        }

        void answer(List<Record> rrset) {
            add(rrset, Section.ANSWER);
        }

        void authority(Record r) {
            add(List.of(r), Section.AUTHORITY);
        }

        private void add(List<Record> rrset, int section) {
            if (rrset.isEmpty()) {
                return;
            }
            rrset.forEach(r -> response.addRecord(r, section));
            if (dnssec) {
                routing.signer.sign(rrset).forEach(sig -> response.addRecord(sig, section));
                signed = true;
            }
        }

        /** NOERROR without answers: the SOA for negative caching and, when signed, the NSEC saying which types exist. */
        Result noData(Name owner, int[] types, String type, String pop) {
            authority(soa(routing));
            if (dnssec) {
                add(List.of(routing.signer.nsec(owner, routing.config.soa().minimum().toSeconds(), types)), Section.AUTHORITY);
            }
            return finish(Rcode.NOERROR, type, pop);
        }

        Result finish(int rcode, String type, String pop) {
            response.getHeader().setRcode(rcode & 0xF);
            if (opt != null) {
                response.addRecord(new OPTRecord(routing.config.maxUdpSize(), rcode >>> 4, 0, dnssec ? ExtendedFlags.DO : 0,
                        ecs == null || rcode == Rcode.BADVERS ? List.of() : List.of(ecs)), Section.ADDITIONAL);
            }
            byte[] wire = response.toWire(maxSize);
            boolean truncated = (wire[2] & 0x02) != 0; // the TC bit of the header's flags
            if (signed) {
                stats.signed.increment();
            }
            return new Result(wire, type, Rcode.string(rcode), pop, truncated, signed);
        }
    }

    private static ClientSubnetOption ecs(OPTRecord opt) {
        if (opt == null) {
            return null;
        }
        for (EDNSOption o : opt.getOptions(EDNSOption.Code.CLIENT_SUBNET)) {
            if (o instanceof ClientSubnetOption cs) {
                return cs;
            }
        }
        return null;
    }

    /** FORMERR when at least the 12-byte header is there to answer to; otherwise nothing. */
    private static Result formErr(byte[] packet) {
        if (packet.length < Header.LENGTH) {
            return null;
        }
        Header h;
        try {
            h = new Header(java.util.Arrays.copyOf(packet, Header.LENGTH));
        } catch (Exception e) {
            return null;
        }
        if (h.getFlag(Flags.QR)) {
            return null;
        }
        Message m = new Message(h.getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(Rcode.FORMERR);
        return new Result(m.toWire(), "-", "FORMERR", null, false, false);
    }

    private static SOARecord soa(DnsRouting routing) {
        DnsConfig.Soa s = routing.config.soa();
        return new SOARecord(routing.zone, DClass.IN, s.minimum().toSeconds(), name(s.mname()), name(s.rname()), s.serial(),
                s.refresh().toSeconds(), s.retry().toSeconds(), s.expire().toSeconds(), s.minimum().toSeconds());
    }

    static Name name(String s) {
        try {
            return Name.fromString(DnsConfig.absolute(s));
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException("not a domain name: " + s, e);
        }
    }

    static InetAddress literal(String ip) {
        try {
            return InetAddress.getByAddress(org.xbill.DNS.Address.toByteArray(ip, ip.contains(":") ? org.xbill.DNS.Address.IPv6 : org.xbill.DNS.Address.IPv4));
        } catch (UnknownHostException | NullPointerException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }
}
