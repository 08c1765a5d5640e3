package dev.signet.ratelimit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Who a request comes from, as a rate-limit key: the TCP peer, or, when the peer is a trusted
 * proxy, the right-most {@code X-Forwarded-For} hop that is not a trusted proxy. Left-most hops are
 * whatever the client wrote and are never believed. IPv6 clients are keyed by their /64, which one
 * subscriber usually holds whole.
 */
public final class ClientAddress {
    /** Hops examined from the right; a longer chain of trusted proxies is not plausible. */
    private static final int MAX_HOPS = 32;

    private final List<AddressRange> trustedProxies;

    public ClientAddress(List<AddressRange> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * The key of a request from {@code peer} carrying {@code forwardedFor} (null when absent; several
     * header lines joined with commas).
     */
    public String key(InetAddress peer, String forwardedFor) {
        if (peer == null) {
            return "unknown";
        }
        InetAddress client = peer;
        if (forwardedFor != null && isTrusted(peer)) {
            String[] hops = forwardedFor.split(",", -1);
            for (int i = hops.length - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
                Optional<InetAddress> hop = AddressRange.literal(hops[i]);
                if (hop.isEmpty()) {
                    // A trusted proxy wrote something we cannot read: stay with the last hop we know.
                    break;
                }
                client = hop.get();
                if (!isTrusted(client)) {
                    break;
                }
            }
        }
        return key(client);
    }

    private boolean isTrusted(InetAddress address) {
        for (AddressRange range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static String key(InetAddress address) {
        if (address instanceof Inet6Address) {
            return new AddressRange(AddressRange.mask(address.getAddress(), 64), 64).toString();
        }
        return address.getHostAddress();
    }
}
