package io.portcullis.resource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reserved-audience rule on its own, without Quarkus. */
class ReservedAudiencesTest {

    static final String BASE = "https://auth.example.com/";

    @Test
    void theServicesOwnUrlsAreReserved() {
        assertThat(ReservedAudiences.isReserved(BASE, "https://auth.example.com/v1")).isTrue();
        assertThat(ReservedAudiences.isReserved(BASE, "https://auth.example.com/v1/")).isTrue();
        assertThat(ReservedAudiences.isReserved(BASE, "HTTPS://AUTH.EXAMPLE.COM/V1")).isTrue();
        assertThat(ReservedAudiences.isReserved(BASE, "https://auth.example.com/v1/environments?x=1")).isTrue();
        assertThat(ReservedAudiences.isReserved(BASE, "https://auth.example.com/v1#frag")).isTrue();
        assertThat(ReservedAudiences.isReserved(BASE, "https://auth.example.com")).isTrue();
        assertThat(ReservedAudiences.isReserved(BASE, "https://auth.example.com/0b6c/as")).isTrue();
        assertThat(ReservedAudiences.isReserved(BASE, "https://auth.example.com/0b6c/as/token")).isTrue();
        assertThat(ReservedAudiences.isReserved(BASE, "https://auth.example.com/as/token.oauth2")).isTrue();
    }

    @Test
    void otherAudiencesAreNot() {
        assertThat(ReservedAudiences.isReserved(BASE, "https://api.example.com/v1")).isFalse();
        assertThat(ReservedAudiences.isReserved(BASE, "https://auth.example.com.evil/v1")).isFalse();
        assertThat(ReservedAudiences.isReserved(BASE, "https://auth.example.com/v10")).isFalse();
        assertThat(ReservedAudiences.isReserved(BASE, "https://auth.example.com/orders")).isFalse();
        assertThat(ReservedAudiences.isReserved(BASE, "https://auth.example.com/orders/v1")).isFalse();
        assertThat(ReservedAudiences.isReserved(BASE, "orders")).isFalse();
    }
}
