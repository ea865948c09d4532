package io.portcullis.application;

/** Grant types an application may hold, by PingOne name, with their RFC 6749 wire names. */
public enum GrantType {
    CLIENT_CREDENTIALS("client_credentials"),
    TOKEN_EXCHANGE("urn:ietf:params:oauth:grant-type:token-exchange");

    private final String wireName;

    GrantType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
