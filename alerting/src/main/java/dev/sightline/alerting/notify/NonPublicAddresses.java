package dev.sightline.alerting.notify;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Which addresses a webhook may not reach unless the operator allows it: anything that is not a public unicast
 * address. A webhook URL is configuration, but its host's DNS answer is not, and a receiver that resolves to the
 * loopback interface, the private network or the cloud metadata service (169.254.169.254) turns alert
 * notifications into requests on the inside of the network (server-side request forgery).
 *
 * <p>IPv6 addresses that carry an IPv4 address (IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96},
 * 6to4 {@code 2002::/16}) are judged by the IPv4 address inside; Java already turns IPv4-mapped
 * {@code ::ffff:a.b.c.d} into an {@link Inet4Address}.
 */
final class NonPublicAddresses {
    private NonPublicAddresses() {
    }

    /** What kind of non-public address this is ("loopback", "private", ...), or null for a public one. */
    static String kind(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return kind4(v4.getAddress());
        }
        byte[] b = address.getAddress();
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return "private (unique local fc00::/7)";
        }
        if (address.isSiteLocalAddress()) {
            return "private (site-local fec0::/10)";
        }
        byte[] embedded = embeddedIpv4(b);
        if (embedded != null) {
            String inner = kind4(embedded);
            return inner == null ? null : inner + " (IPv4 " + ipv4(embedded) + " inside " + address.getHostAddress()
                    + ")";
        }
        return null;
    }

    private static String kind4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 127) {
            return "loopback";
        }
        if (a0 == 0) {
            return Arrays.equals(b, new byte[4]) ? "unspecified" : "reserved (0.0.0.0/8)";
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return "private";
        }
        if (a0 == 169 && a1 == 254) {
            return (b[2] & 0xff) == 169 && (b[3] & 0xff) == 254 ? "link-local (the cloud metadata service)"
                    : "link-local";
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return "shared (carrier-grade NAT 100.64.0.0/10)";
        }
        if (a0 >= 224 && a0 <= 239) {
            return "multicast";
        }
        if (a0 >= 240) {
            return a0 == 255 && a1 == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255 ? "broadcast"
                    : "reserved (240.0.0.0/4)";
        }
        if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) {
            return "reserved (192.0.0.0/24)";
        }
        if (a0 == 198 && (a1 & 0xfe) == 18) {
            return "reserved (benchmarking 198.18.0.0/15)";
        }
        return null;
    }

    /** The IPv4 address carried by an IPv4-compatible, NAT64 or 6to4 address; null for other IPv6 addresses. */
    private static byte[] embeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 12; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (zeroPrefix || nat64) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        return null;
    }

    private static String ipv4(byte[] b) {
        try {
            return InetAddress.getByAddress(b).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are an IPv4 address", e);
        }
    }
}
