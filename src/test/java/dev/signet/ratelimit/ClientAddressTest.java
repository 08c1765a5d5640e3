package dev.signet.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which address a request counts against, with and without trusted proxies. */
class ClientAddressTest {
    private static InetAddress ip(String literal) {
        return AddressRange.literal(literal).orElseThrow();
    }

    private static final ClientAddress NO_PROXIES = new ClientAddress(List.of());
    private static final ClientAddress BEHIND_PROXY = new ClientAddress(
            List.of(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("fd00::/8")));

    @Test
    void forwardedForIsIgnoredUnlessTheProxyIsTrusted() {
        assertEquals("203.0.113.9", NO_PROXIES.key(ip("203.0.113.9"), "198.51.100.1"));
        assertEquals("203.0.113.9", BEHIND_PROXY.key(ip("203.0.113.9"), "198.51.100.1"),
                "a peer outside the trusted ranges cannot choose its key");
    }

    @Test
    void theRightMostUntrustedHopIsTheClient() {
        assertEquals("198.51.100.1", BEHIND_PROXY.key(ip("10.1.2.3"), "198.51.100.1"));
        // The client wrote 1.1.1.1 itself; our proxies appended 198.51.100.1 and 10.9.9.9.
        assertEquals("198.51.100.1", BEHIND_PROXY.key(ip("10.1.2.3"), "1.1.1.1, 198.51.100.1,10.9.9.9"));
    }

    @Test
    void spoofedLeftHopsDoNotChangeTheKey() {
        String first = BEHIND_PROXY.key(ip("10.1.2.3"), "192.0.2.1, 198.51.100.1");
        String second = BEHIND_PROXY.key(ip("10.1.2.3"), "192.0.2.2, 198.51.100.1");
        assertEquals(first, second);
    }

    @Test
    void unreadableHopsStopTheWalkAtTheLastKnownHop() {
        assertEquals("10.9.9.9", BEHIND_PROXY.key(ip("10.1.2.3"), "198.51.100.1, unknown, 10.9.9.9"));
        assertEquals("10.1.2.3", BEHIND_PROXY.key(ip("10.1.2.3"), "evil.example"));
        assertEquals("10.1.2.3", BEHIND_PROXY.key(ip("10.1.2.3"), ""));
    }

    @Test
    void onlyProxiesInTheChainMeansTheLeftMostExaminedHop() {
        assertEquals("10.0.0.1", BEHIND_PROXY.key(ip("10.1.2.3"), "10.0.0.1, 10.0.0.2"));
    }

    @Test
    void anIpv6ClientCountsPerSlash64() {
        String one = NO_PROXIES.key(ip("2001:db8:1:2:aaaa::1"), null);
        String other = NO_PROXIES.key(ip("2001:db8:1:2:bbbb::7"), null);
        String elsewhere = NO_PROXIES.key(ip("2001:db8:1:3::1"), null);
        assertEquals(one, other);
        assertFalse(one.equals(elsewhere));
        assertEquals("2001:db8:1:2:0:0:0:0/64", one);
        assertEquals("2001:db8:1:2:0:0:0:0/64", BEHIND_PROXY.key(ip("fd00::1"), "[2001:db8:1:2::5]"));
    }

    @Test
    void noPeerSharesOneKey() {
        assertEquals("unknown", NO_PROXIES.key(null, "198.51.100.1"));
    }

    @Test
    void literalsAreParsedWithoutNameResolution() {
        assertEquals(Optional.empty(), AddressRange.literal("localhost"));
        assertEquals(Optional.empty(), AddressRange.literal("example.com"));
        assertEquals(Optional.empty(), AddressRange.literal("10.1"), "legacy IPv4 forms are refused");
        assertEquals(Optional.empty(), AddressRange.literal("a".repeat(100)));
        assertTrue(AddressRange.literal(" 192.0.2.1 ").isPresent());
        assertTrue(AddressRange.literal("::1").isPresent());
    }

    @Test
    void rangesMatchByPrefix() {
        AddressRange range = AddressRange.parse("192.168.4.0/22");
        assertTrue(range.contains(ip("192.168.7.255")));
        assertFalse(range.contains(ip("192.168.8.0")));
        assertFalse(range.contains(ip("::ffff:c0a9:0001")), "an IPv4 range does not hold other addresses");
        assertTrue(AddressRange.parse("192.0.2.7").contains(ip("192.0.2.7")));
        assertFalse(AddressRange.parse("192.0.2.7").contains(ip("192.0.2.8")));
        assertTrue(AddressRange.parse("0.0.0.0/0").contains(ip("8.8.8.8")));
        assertEquals("192.168.4.0/22", AddressRange.parse("192.168.5.9/22").toString());
    }

    @Test
    void badRangesAreRefused() {
        for (String bad : List.of("", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "proxy.internal", "::1/129")) {
            assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(bad), bad);
        }
    }
}
