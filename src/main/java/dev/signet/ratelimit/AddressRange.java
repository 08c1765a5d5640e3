package dev.signet.ratelimit;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IP address or CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 192.0.2.7}), parsed
 * without DNS.
 *
 * @param network the range's first address bytes (4 or 16)
 * @param prefix  leading bits that must match
 */
public record AddressRange(byte[] network, int prefix) {

    public AddressRange {
        network = network.clone();
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException when it is not an address literal with an optional prefix length
     */
    public static AddressRange parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress parsed = literal(address).orElseThrow(
                () -> new IllegalArgumentException("not an IP address or CIDR range: " + text));
        byte[] bytes = parsed.getAddress();
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in " + text, e);
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix length out of range in " + text);
            }
        }
        return new AddressRange(mask(bytes, prefix), prefix);
    }

    /** Whether {@code address} lies in this range (an IPv4 range never holds an IPv6 address). */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefix), network);
    }

    /**
     * An IPv4 or IPv6 literal as an address, or empty for anything else. Only digits, hex, dots
     * and colons reach {@link InetAddress#getByName}, which then parses and never resolves.
     */
    static Optional<InetAddress> literal(String text) {
        String candidate = text.trim();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        if (candidate.isEmpty() || candidate.length() > 45) {
            return Optional.empty();
        }
        boolean colon = candidate.indexOf(':') >= 0;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            boolean allowed = c >= '0' && c <= '9' || c == '.' || colon && (c == ':' || c >= 'a' && c <= 'f'
                    || c >= 'A' && c <= 'F');
            if (!allowed) {
                return Optional.empty();
            }
        }
        if (!colon && candidate.chars().filter(c -> c == '.').count() != 3) {
            // Java also reads "10.1" or "167772161" as IPv4; a proxy never writes those.
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(candidate));
        } catch (java.net.UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range && range.prefix == prefix && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (java.net.UnknownHostException e) {
            return Arrays.toString(network) + "/" + prefix;
        }
    }
}
