package io.portcullis.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict form parser on its own: what it accepts, what it refuses, and what it ignores. */
class FormBodyTest {

    @Test
    void readsNameValuePairs() {
        assertThat(parse("grant_type=client_credentials&scope=orders:read"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("grant_type", "client_credentials", "scope", "orders:read"));
    }

    @Test
    void decodesPlusAndPercentEscapesAsUtf8() {
        assertThat(parse("scope=a+b%20c&name=%C3%A9t%C3%A9&x=%2B%26%3D"))
                .containsEntry("scope", "a b c")
                .containsEntry("name", "été")
                .containsEntry("x", "+&=");
    }

    @Test
    void keepsEverythingAfterTheFirstEqualsSign() {
        assertThat(parse("client_secret=abc=def")).containsEntry("client_secret", "abc=def");
    }

    @Test
    void emptyOrNullBodyHasNoParameters() {
        assertThat(FormBody.parse(null)).isEmpty();
        assertThat(FormBody.parse(new byte[0])).isEmpty();
        assertThat(parse("&&&")).isEmpty();
    }

    @Test
    void emptyValuesAreTreatedAsOmitted() {
        // RFC 6749 §3.1: "Parameters sent without a value MUST be treated as if they were omitted".
        Map<String, String> params = parse("grant_type=client_credentials&scope=&client_id");
        assertThat(params.get("scope")).isNull();
        assertThat(params.get("client_id")).isNull();
        assertThat(params.get("grant_type")).isEqualTo("client_credentials");
    }

    @Test
    void whitespaceAroundNamesAndValuesIsDropped() {
        // The PingFederate example of the token request writes its body across two lines.
        assertThat(parse("grant_type=client_credentials\n  &scope=edit"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("grant_type", "client_credentials", "scope", "edit"));
        assertThat(parse(" scope = a+b ")).containsEntry("scope", "a b");
        assertThat(parse("scope=+++").get("scope")).isNull();
    }

    @Test
    void nameWithoutCharactersIsIgnored() {
        assertThat(parse("=value&grant_type=client_credentials")).containsOnlyKeys("grant_type");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "grant_type=client_credentials&grant_type=client_credentials",
        "scope=a&grant_type=client_credentials&scope=b",
        "scope=&scope=a",
        "scope&scope",
        "scope=a&%73cope=b", // the same name, once percent-encoded
        "scope=a& scope=b", // the same name after whitespace is dropped
    })
    void repeatedParameterIsInvalidRequest(String body) {
        assertInvalidRequest(body, "repeated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scope=%", "scope=%4", "scope=%zz", "scope=%4g", "scope=a%2", "%zz=a", "scope=%%41"})
    void badPercentEncodingIsInvalidRequest(String body) {
        assertInvalidRequest(body, "percent-encoding");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scope=%C3%28", "scope=%FF", "scope=%C3", "scope=%ED%A0%80", "%C0%AF=a"})
    void bytesThatAreNotUtf8AreInvalidRequest(String body) {
        assertInvalidRequest(body, "UTF-8");
    }

    @Test
    void rawNonUtf8BytesAreInvalidRequest() {
        byte[] body = {'s', 'c', 'o', 'p', 'e', '=', (byte) 0xE9};
        assertThatThrownBy(() -> FormBody.parse(body))
                .isInstanceOfSatisfying(OAuthError.class, e -> assertThat(e.error()).isEqualTo("invalid_request"));
    }

    @Test
    void tooManyParametersAreRefused() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i <= FormBody.MAX_PARAMETERS; i++) {
            body.append("p").append(i).append("=v&");
        }
        assertInvalidRequest(body.toString(), "Too many");
        assertThat(parse(body.substring(0, body.indexOf("p" + FormBody.MAX_PARAMETERS + "="))))
                .hasSize(FormBody.MAX_PARAMETERS);
    }

    @Test
    void errorDoesNotEchoUnprintableNames() {
        assertThatThrownBy(() -> parse("%0A%22x=1&%0A%22x=2"))
                .isInstanceOfSatisfying(OAuthError.class, e -> assertThat(e.description()).doesNotContain("\n", "\""));
    }

    private static Map<String, String> parse(String body) {
        return FormBody.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertInvalidRequest(String body, String descriptionPart) {
        assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(OAuthError.class, e -> {
            assertThat(e.error()).isEqualTo("invalid_request");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.description()).contains(descriptionPart);
        });
    }
}
