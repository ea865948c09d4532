package io.portcullis.clientauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jwksUrl rule as a pure function: which URLs may be set, and which resolved addresses fetched. */
class JwksUrlPolicyTest {

    final JwksUrlPolicy strict = new JwksUrlPolicy(List.of());
    final JwksUrlPolicy operator = new JwksUrlPolicy(List.of("keys.internal.example", "10.20.0.0/16", "127.0.0.1"));

    @Test
    void literalAddressesLocalhostAndOtherSchemesAreRefused() {
        for (String url : List.of("https://127.0.0.1/k", "https://[::1]/k", "https://[::ffff:127.0.0.1]/k",
                "https://0x7f000001/k", "https://2130706433/k", "https://127.1/k", "https://017700000001/k",
                "https://localhost/k", "https://LOCALHOST./k", "https://a.localhost/k", "https://1.1.1.1/k",
                "http://keys.example.com/k", "ftp://keys.example.com/k")) {
            assertThat(strict.refusal(URI.create(url))).as(url).isPresent();
        }
        assertThat(strict.refusal(URI.create("https://keys.example.com/.well-known/jwks.json"))).isEmpty();
    }

    @Test
    void resolvedAddressesMustBePublic() {
        for (String address : List.of("127.0.0.1", "127.9.9.9", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd12:3456::1", "fc00::1", "224.0.0.1", "::")) {
            assertThat(strict.allows("keys.example.com", InetAddress.ofLiteral(address))).as(address).isFalse();
        }
        for (String address : List.of("93.184.215.14", "1.1.1.1", "2606:4700::1111")) {
            assertThat(strict.allows("keys.example.com", InetAddress.ofLiteral(address))).as(address).isTrue();
        }
    }

    @Test
    void theOperatorsListAllowsHostsAndRanges() {
        assertThat(operator.refusal(URI.create("https://keys.internal.example/k"))).isEmpty();
        assertThat(operator.allows("keys.internal.example", InetAddress.ofLiteral("10.9.9.9"))).isTrue();
        assertThat(operator.refusal(URI.create("https://10.20.3.4/k"))).isEmpty();
        assertThat(operator.allows("other.example", InetAddress.ofLiteral("10.20.3.4"))).isTrue();
        assertThat(operator.refusal(URI.create("https://127.0.0.1:8443/k"))).isEmpty();
        // what the list does not name stays refused
        assertThat(operator.refusal(URI.create("https://10.21.0.1/k"))).isPresent();
        assertThat(operator.allows("other.example", InetAddress.ofLiteral("10.21.0.1"))).isFalse();
        assertThat(operator.refusal(URI.create("https://127.0.0.2/k"))).isPresent();
    }
}
