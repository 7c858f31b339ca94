package dev.popnet.dns;

import dev.popnet.core.routing.HealthView;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
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
 * Subnet (RFC 7871) echoed with its scope, truncation with TC when the answer does not fit over UDP.
 */
final class DnsAnswerer {
    /** What happened, for stats. */
    record Result(byte[] wire, String type, String rcode, String pop, boolean truncated) {
    }

    private final DnsStats stats;

    DnsAnswerer(DnsStats stats) {
        this.stats = stats;
    }

    /** Null when the packet is not worth an answer (not even a readable header). */
    Result answer(byte[] packet, InetAddress source, boolean udp, DnsRouting routing, HealthView health) {
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
        if (qh.getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        OPTRecord opt = query.getOPT();
        int maxSize = udp ? 512 : 65535;
        if (opt != null) {
            maxSize = udp ? Math.max(512, Math.min(opt.getPayloadSize(), routing.config.maxUdpSize())) : 65535;
        }
        if (qh.getOpcode() != Opcode.QUERY) {
            return finish(response, Rcode.NOTIMP, "-", null, opt, null, maxSize, routing);
        }
        if (question == null || query.getSectionArray(Section.QUESTION).length != 1) {
            return finish(response, Rcode.FORMERR, "-", null, opt, null, maxSize, routing);
        }
        response.addRecord(question, Section.QUESTION);
        String type = Type.string(question.getType());
        Name zone = name(routing.config.zone());
        Name qname = question.getName();
        if (!qname.subdomain(zone)) {
            return finish(response, Rcode.REFUSED, type, null, opt, null, maxSize, routing); // not ours: no recursion
        }
        response.getHeader().setFlag(Flags.AA);
        ClientSubnetOption ecs = ecs(opt);
        if (routing.config.hostnames().contains(qname.toString().toLowerCase(java.util.Locale.ROOT))) {
            return answerHost(response, question, type, opt, ecs, source, maxSize, routing, health);
        }
        if (qname.equals(zone)) {
            if (question.getType() == Type.SOA || question.getType() == Type.ANY) {
                response.addRecord(soa(routing), Section.ANSWER);
            }
            if (question.getType() == Type.NS || question.getType() == Type.ANY) {
                for (String ns : routing.config.nameservers()) {
                    response.addRecord(new NSRecord(zone, DClass.IN, routing.config.ttl().toSeconds(), name(ns)), Section.ANSWER);
                }
            }
            if (response.getSectionArray(Section.ANSWER).length == 0) {
                response.addRecord(soa(routing), Section.AUTHORITY); // NODATA
            }
            return finish(response, Rcode.NOERROR, type, null, opt, ecs == null ? null : echo(ecs, 0), maxSize, routing);
        }
        response.addRecord(soa(routing), Section.AUTHORITY);
        return finish(response, Rcode.NXDOMAIN, type, null, opt, ecs == null ? null : echo(ecs, 0), maxSize, routing);
    }

    private Result answerHost(Message response, Record question, String type, OPTRecord opt, ClientSubnetOption ecs, InetAddress source,
            int maxSize, DnsRouting routing, HealthView health) {
        byte[] client = ecs != null ? ecs.getAddress().getAddress() : source.getAddress();
        int sourcePrefix = ecs != null ? ecs.getSourcePrefixLength() : client.length * 8;
        DnsRouting.Choice choice = routing.choose(client, sourcePrefix, health, java.util.Arrays.hashCode(client));
        if (choice == null) {
            return finish(response, Rcode.SERVFAIL, type, null, opt, null, maxSize, routing);
        }
        long ttl = (choice.failover() ? routing.config.failoverTtl() : routing.config.ttl()).toSeconds();
        List<String> addresses = routing.anycast() ? List.of(routing.config.anycast().address()) : choice.pop().addresses();
        int qtype = question.getType();
        for (String a : addresses) {
            InetAddress address = literal(a);
            boolean v4 = address.getAddress().length == 4;
            if (v4 && (qtype == Type.A || qtype == Type.ANY)) {
                response.addRecord(new ARecord(question.getName(), DClass.IN, ttl, address), Section.ANSWER);
            } else if (!v4 && (qtype == Type.AAAA || qtype == Type.ANY)) {
                response.addRecord(new AAAARecord(question.getName(), DClass.IN, ttl, address), Section.ANSWER);
            }
        }
        if (response.getSectionArray(Section.ANSWER).length == 0) {
            response.addRecord(soa(routing), Section.AUTHORITY); // the name exists, not with this type
        }
        ClientSubnetOption echo = ecs == null ? null : echo(ecs, Math.min(choice.scopePrefix(), ecs.getSourcePrefixLength() + 0));
        return finish(response, Rcode.NOERROR, type, choice.pop().name(), opt, echo, maxSize, routing);
    }

    /** RFC 7871 §7.2.1: the same family, address and source prefix; scope = how much of it the answer depends on. */
    private static ClientSubnetOption echo(ClientSubnetOption ecs, int scope) {
        return new ClientSubnetOption(ecs.getSourcePrefixLength(), scope, ecs.getAddress());
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

    private Result finish(Message response, int rcode, String type, String pop, OPTRecord opt, ClientSubnetOption ecs, int maxSize,
            DnsRouting routing) {
        response.getHeader().setRcode(rcode);
        if (opt != null) {
            response.addRecord(new OPTRecord(routing.config.maxUdpSize(), 0, 0, 0, ecs == null ? List.of() : List.of(ecs)), Section.ADDITIONAL);
        }
        byte[] wire = response.toWire(maxSize);
        boolean truncated = (wire[2] & 0x02) != 0; // the TC bit of the header's flags
        return new Result(wire, type, Rcode.string(rcode), pop, truncated);
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
        return new Result(m.toWire(), "-", "FORMERR", null, false);
    }

    private static SOARecord soa(DnsRouting routing) {
        DnsConfig.Soa s = routing.config.soa();
        return new SOARecord(name(routing.config.zone()), DClass.IN, s.minimum().toSeconds(), name(s.mname()), name(s.rname()), s.serial(),
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
