package dev.signet.identity.oidc;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which addresses a meta issuer's discovery and JWKS may be fetched from: only globally routable
 * ones, so a token naming an internal host cannot make Signet probe the private network.
 */
final class AddressPolicy {

    private AddressPolicy() {
    }

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    static final Resolver SYSTEM = InetAddress::getAllByName;

    /** {@link #resolve} with the system resolver, demanding public addresses. */
    static InetAddress resolvePublic(String host) {
        return resolve(host, SYSTEM, true);
    }

    /**
     * Resolves {@code host} once and returns the address to connect to. With {@code requirePublic},
     * every resolved address must be public, so a name that mixes a public and a private address is
     * refused.
     *
     * @throws SignetException INVALID_IDENTITY_TOKEN when an address is not public;
     *     IDENTITY_PROVIDER_UNAVAILABLE when the name does not resolve
     */
    static InetAddress resolve(String host, Resolver resolver, boolean requirePublic) {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException | SecurityException e) {
            throw new SignetException(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE,
                    "meta issuer host does not resolve: " + e.getClass().getSimpleName());
        }
        if (addresses == null || addresses.length == 0) {
            throw new SignetException(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, "meta issuer host has no address");
        }
        for (InetAddress address : addresses) {
            if (requirePublic && !isPublic(address)) {
                throw new SignetException(ErrorKind.INVALID_IDENTITY_TOKEN,
                        "meta issuer host resolves to a non-public address " + address.getHostAddress());
            }
        }
        return addresses[0];
    }

    /**
     * False for unspecified, loopback, private (RFC 1918), CGNAT (100.64/10), link-local,
     * unique-local, site-local, multicast, broadcast and reserved addresses, and for IPv6 addresses
     * that embed such an IPv4 address (mapped, compatible, NAT64, 6to4).
     */
    static boolean isPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicIpv4(bytes, 0);
        }
        if (address instanceof Inet6Address) {
            return isPublicIpv6(bytes);
        }
        return false;
    }

    private static boolean isPublicIpv4(byte[] b, int offset) {
        int a0 = b[offset] & 0xff;
        int a1 = b[offset + 1] & 0xff;
        int a2 = b[offset + 2] & 0xff;
        if (a0 == 0 || a0 == 10 || a0 == 127) {
            return false; // this network, private, loopback
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return false; // CGNAT 100.64.0.0/10
        }
        if (a0 == 169 && a1 == 254) {
            return false; // link-local, cloud metadata
        }
        if (a0 == 172 && (a1 & 0xf0) == 16) {
            return false; // 172.16.0.0/12
        }
        if (a0 == 192 && a1 == 168) {
            return false;
        }
        if (a0 == 192 && a1 == 0 && a2 == 0) {
            return false; // IETF protocol assignments
        }
        if (a0 == 198 && (a1 & 0xfe) == 18) {
            return false; // benchmarking 198.18.0.0/15
        }
        return a0 < 224; // multicast 224/4, reserved 240/4 and broadcast
    }

    private static boolean isPublicIpv6(byte[] b) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        if (firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return isPublicIpv4(b, 12); // IPv4-mapped ::ffff:a.b.c.d
        }
        if (firstTenZero && b[10] == 0 && b[11] == 0) {
            return false; // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
        }
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if (b0 == 0xff) {
            return false; // multicast
        }
        if (b0 == 0xfe && (b1 & 0x80) == 0x80) {
            return false; // link-local fe80::/10 and site-local fec0::/10
        }
        if ((b0 & 0xfe) == 0xfc) {
            return false; // unique-local fc00::/7
        }
        if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            return isPublicIpv4(b, 12); // NAT64 64:ff9b::/96
        }
        if (b0 == 0x20 && b1 == 0x02) {
            return isPublicIpv4(b, 2); // 6to4 2002::/16
        }
        if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return false; // documentation 2001:db8::/32
        }
        return (b0 & 0xe0) == 0x20; // only global unicast 2000::/3 is routable
    }
}
