package io.portcullis.clientauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Authorization: Basic} parsing on its own (RFC 7617, RFC 6749 §2.3.1). */
class BasicCredentialsTest {

    @Test
    void readsIdAndSecret() {
        assertThat(BasicCredentials.parse(basic("cc_client:2Federate")))
                .contains(new PresentedClient("cc_client", "2Federate"));
    }

    @Test
    void readsTheSeedPagesHeadersAsWritten() {
        // PingFederate's example request: "Authorization: Basic Y2NfY2xpZW50OjJGZWRlcmF0ZQ==".
        assertThat(BasicCredentials.parse("Basic Y2NfY2xpZW50OjJGZWRlcmF0ZQ=="))
                .contains(new PresentedClient("cc_client", "2Federate"));
        // PingOne's "Token Admin App" example: base64 of the literal "{{adminAppID}}:{{adminAppSecret}}".
        assertThat(BasicCredentials.parse("Basic e3thZG1pbkFwcElEfX06e3thZG1pbkFwcFNlY3JldH19"))
                .contains(new PresentedClient("{{adminAppID}}", "{{adminAppSecret}}"));
    }

    @Test
    void idAndSecretAreFormUrlDecoded() {
        // RFC 6749 §2.3.1: both are application/x-www-form-urlencoded before they are joined and encoded.
        assertThat(BasicCredentials.parse(basic("my%3Aclient:s%2Bc+r%25t%3A")))
                .contains(new PresentedClient("my:client", "s+c r%t:"));
        assertThat(BasicCredentials.parse(basic("%C3%A9:%E2%82%AC"))).contains(new PresentedClient("é", "€"));
    }

    @Test
    void secretMayContainColonsTheFirstColonSeparates() {
        assertThat(BasicCredentials.parse(basic("client:sec:ret"))).contains(new PresentedClient("client", "sec:ret"));
    }

    @Test
    void schemeIsCaseInsensitiveAndToleratesExtraSpaces() {
        String token = Base64.getEncoder().encodeToString("a:b".getBytes(StandardCharsets.UTF_8));
        for (String scheme : new String[] {"Basic ", "basic ", "BASIC ", "Basic    "}) {
            assertThat(BasicCredentials.parse(scheme + token)).as(scheme).contains(new PresentedClient("a", "b"));
        }
    }

    @Test
    void recognisesTheBasicSchemeOnly() {
        assertThat(BasicCredentials.isBasic("Basic abc")).isTrue();
        assertThat(BasicCredentials.isBasic("basic abc")).isTrue();
        assertThat(BasicCredentials.isBasic("Basic")).isTrue();
        assertThat(BasicCredentials.isBasic(null)).isFalse();
        assertThat(BasicCredentials.isBasic("")).isFalse();
        assertThat(BasicCredentials.isBasic("Bearer abc")).isFalse();
        assertThat(BasicCredentials.isBasic("Basicabc")).isFalse();
        assertThat(BasicCredentials.isBasic("Digest username=\"a\"")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Basic",
        "Basic ",
        "Basic !!!notbase64!!!",
        "Basic YTpi=", // bad padding
        "Basic YTpi YTpi", // two tokens
        "Bearer YTpi",
    })
    void malformedHeadersAreRefused(String header) {
        assertThat(BasicCredentials.parse(header)).isEmpty();
    }

    @Test
    void malformedPairsAreRefused() {
        assertThat(BasicCredentials.parse(basic("no-colon-here"))).isEmpty();
        assertThat(BasicCredentials.parse(basic(":secret"))).as("empty id").isEmpty();
        assertThat(BasicCredentials.parse(basic("client:"))).as("empty secret").isEmpty();
        assertThat(BasicCredentials.parse(basic(":"))).isEmpty();
        assertThat(BasicCredentials.parse(basic("%zz:secret"))).as("bad escape in the id").isEmpty();
        assertThat(BasicCredentials.parse(basic("client:%"))).as("bad escape in the secret").isEmpty();
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        byte[] pair = {(byte) 0xff, ':', 'x'};
        assertThat(BasicCredentials.parse("Basic " + Base64.getEncoder().encodeToString(pair))).isEmpty();
    }

    @Test
    void overlongHeaderIsRefusedBeforeDecoding() {
        String longSecret = "s".repeat(BasicCredentials.MAX_HEADER_LENGTH);
        assertThat(BasicCredentials.parse(basic("client:" + longSecret))).isEmpty();
        Optional<PresentedClient> justFits = BasicCredentials.parse(basic("client:" + "s".repeat(3000)));
        assertThat(justFits).isPresent();
    }

    private static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
