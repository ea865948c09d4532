package io.portcullis.clientauth;

import io.portcullis.config.PortcullisConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@code jwksUrl} the service may fetch from, against server-side request forgery (OWASP
 * SSRF; RFC 7523 leaves key retrieval to the server): by default only public hosts named by DNS. A
 * literal IP address, {@code localhost}, and any name that resolves to a loopback, link-local,
 * private (RFC 1918), shared (RFC 6598), unique-local (RFC 4193), unspecified or multicast address
 * is refused, checked when the URL is set and again on the address actually connected to.
 * {@code portcullis.client-assertion.jwks-url-allowed-hosts} lists host names and address ranges
 * (CIDR) an operator allows all the same, such as an internal key server.
 */
@Singleton
public class JwksUrlPolicy {

    private final Set<String> allowedHosts = new HashSet<>();
    private final List<Range> allowedRanges = new ArrayList<>();

    @Inject
    public JwksUrlPolicy(PortcullisConfig config) {
        this(config.clientAssertion().jwksUrlAllowedHosts().orElse(List.of()));
    }

    /** With the operator's list: host names, addresses and CIDR ranges. */
    JwksUrlPolicy(List<String> allowed) {
        for (String entry : allowed) {
            String value = entry.strip().toLowerCase(Locale.ROOT);
            if (value.isEmpty()) {
                continue;
            }
            Range range = Range.parseOrNull(value);
            if (range != null) {
                allowedRanges.add(range);
            } else {
                allowedHosts.add(withoutTrailingDot(value));
            }
        }
    }

    /** Why the URL may not be fetched from, or empty when its host may be (its addresses are checked at fetch time). */
    public Optional<String> refusal(URI uri) {
        if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("https") || uri.getHost() == null) {
            return Optional.of("must be an absolute https URL");
        }
        String host = host(uri);
        if (allowedHosts.contains(host)) {
            return Optional.empty();
        }
        InetAddress literal = literalOrNull(host);
        if (literal != null) {
            return allowedByRange(literal) ? Optional.empty()
                    : Optional.of("must name its host by DNS name, not by IP address");
        }
        if (looksNumeric(host)) {
            return Optional.of("must name its host by DNS name, not by IP address");
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return Optional.of("must not name a local host"); // RFC 6761 §6.3
        }
        return Optional.empty();
    }

    /** Whether the service may connect to {@code address}, which {@code host} resolved to. */
    public boolean allows(String host, InetAddress address) {
        return allowedHosts.contains(withoutTrailingDot(host.toLowerCase(Locale.ROOT))) || allowedByRange(address)
                || isPublic(address);
    }

    /** The URL's host in lower case, without IPv6 brackets or a trailing dot. */
    static String host(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return withoutTrailingDot(host);
    }

    private boolean allowedByRange(InetAddress address) {
        return allowedRanges.stream().anyMatch(range -> range.contains(address));
    }

    /** Not loopback, link-local, private, shared, unique-local, unspecified or multicast. */
    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // 0.0.0.0/8: "this network"
                    && !(first == 100 && (second & 0xc0) == 64) // 100.64.0.0/10: shared address space (RFC 6598)
                    && !(first == 255); // broadcast
        }
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) != 0xfc; // fc00::/7: unique local (RFC 4193)
        }
        return false;
    }

    /**
     * The host as an IP literal in its usual form (four dotted decimals, or IPv6), or null. Other
     * numeric forms ({@code 127.1}, {@code 2130706433}) are no literal here, so {@link #looksNumeric}
     * refuses them whatever the operator's list says.
     */
    private static InetAddress literalOrNull(String host) {
        if (!host.contains(":") && !host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A host whose last label starts with a digit is no DNS name (no top-level domain does) but an
     * address in a form some resolvers accept: {@code 2130706433}, {@code 0x7f000001}, {@code 127.1}.
     */
    private static boolean looksNumeric(String host) {
        String last = host.substring(host.lastIndexOf('.') + 1);
        return last.isEmpty() || Character.isDigit(last.charAt(0));
    }

    private static String withoutTrailingDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** An address range in CIDR notation, or one address. */
    private record Range(byte[] network, int prefix) {

        static Range parseOrNull(String value) {
            int slash = value.indexOf('/');
            InetAddress address = literalOrNull(slash < 0 ? value : value.substring(0, slash));
            if (address == null) {
                return null;
            }
            int bits = address.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(value.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("portcullis.client-assertion.jwks-url-allowed-hosts: bad range " + value);
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("portcullis.client-assertion.jwks-url-allowed-hosts: bad range " + value);
                }
            }
            return new Range(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
