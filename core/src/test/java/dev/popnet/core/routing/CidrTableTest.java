package dev.popnet.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTableTest {
    private static CidrTable<String> table() {
        CidrTable<String> t = new CidrTable<>();
        t.put("10.0.0.0/8", "wide");
        t.put("10.1.0.0/16", "eu");
        t.put("10.1.2.0/24", "paris");
        t.put("2001:db8::/32", "v6-wide");
        t.put("2001:db8:abcd::/48", "v6-site");
        return t;
    }

    private static String at(CidrTable<String> t, String ip) throws Exception {
        CidrTable.Match<String> m = t.lookup(InetAddress.getByName(ip));
        return m == null ? null : m.value() + "/" + m.prefixLength();
    }

    @Test
    void longestPrefixWinsForBothFamilies() throws Exception {
        CidrTable<String> t = table();
        assertEquals("paris/24", at(t, "10.1.2.77"));
        assertEquals("eu/16", at(t, "10.1.3.1"));
        assertEquals("wide/8", at(t, "10.200.0.1"));
        assertNull(at(t, "11.0.0.1"));
        assertEquals("v6-site/48", at(t, "2001:db8:abcd:1::1"));
        assertEquals("v6-wide/32", at(t, "2001:db8:ffff::1"));
        assertNull(at(t, "2001:db9::1"));
        assertNull(at(t, "::ffff:10.1.2.3".replace("::ffff:", "fe80::")), "an IPv6 address never matches IPv4 networks");
    }

    @Test
    void sourcePrefixLimitsHowDeepTheMatchGoes() throws Exception {
        CidrTable<String> t = table();
        byte[] paris = InetAddress.getByName("10.1.2.0").getAddress();
        assertEquals("paris", t.lookup(paris, 24).value());
        assertEquals(16, t.lookup(paris, 20).prefixLength(), "an ECS /20 cannot claim the /24 network");
        assertEquals(8, t.lookup(paris, 8).prefixLength());
    }

    @Test
    void malformedNetworksAreRefused() {
        CidrTable<String> t = new CidrTable<>();
        assertThrows(IllegalArgumentException.class, () -> t.put("10.0.0.0/33", "x"));
        assertThrows(IllegalArgumentException.class, () -> t.put("example.com/8", "x"));
        assertThrows(IllegalArgumentException.class, () -> t.put("2001:db8::/129", "x"));
    }

    private static String scoped(CidrTable<String> t, String ip, int source) throws Exception {
        byte[] a = InetAddress.getByName(ip).getAddress();
        CidrTable.Match<String> m = t.scoped(a, 0, a.length == 16, source);
        return m.value() + "/" + m.prefixLength();
    }

    @Test
    void scopeIsWhatTheAnswerDependsOn() throws Exception {
        CidrTable<String> t = table();
        assertEquals("paris/24", scoped(t, "10.1.2.0", 24), "nothing more specific below the /24");
        assertEquals("eu/24", scoped(t, "10.1.3.0", 24), "10.1.2.0/24 beside it: all 24 bits matter");
        assertEquals("eu/22", scoped(t, "10.1.4.0", 24), "10.1.4.0/22 holds no more specific network");
        assertEquals("null/1", scoped(t, "192.0.2.0", 24), "no network starts with a 1 bit: one bit is enough");
        assertEquals("eu/16", scoped(t, "10.1.0.0", 16), "the source prefix ends above 10.1.2.0/24: no more than its 16 bits");
        assertEquals("wide/12", scoped(t, "10.16.0.0", 12), "a source shorter than 10.1.0.0/16 matches the /8 for its 12 bits");
        assertEquals("v6-site/48", scoped(t, "2001:db8:abcd::", 56));
        CidrTable<String> flat = new CidrTable<>();
        flat.put("10.1.0.0/16", "eu");
        assertEquals("eu/16", scoped(flat, "10.1.2.0", 24));
    }
}
