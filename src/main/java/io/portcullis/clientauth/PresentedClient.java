package io.portcullis.clientauth;

/** The client id and credential a request presented, not yet verified. */
public record PresentedClient(String clientId, String secret) {

    @Override
    public String toString() {
        return "PresentedClient[clientId=" + clientId + ", secret=<redacted>]";
    }
}
