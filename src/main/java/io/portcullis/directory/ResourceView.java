package io.portcullis.directory;

import java.util.UUID;

/**
 * A resource as the token and introspection endpoints need it.
 *
 * @param introspectAuthMethod how the resource server authenticates to introspect (NONE, CLIENT_SECRET_BASIC, CLIENT_SECRET_POST)
 * @param secretDigest the digest of the resource's own secret; null while it has none
 */
public record ResourceView(UUID id, String name, String audience, int accessTokenValiditySeconds,
        String introspectAuthMethod, byte[] secretDigest) {

    /** A resource introspecting with CLIENT_SECRET_BASIC and no secret yet. */
    public ResourceView(UUID id, String name, String audience, int accessTokenValiditySeconds) {
        this(id, name, audience, accessTokenValiditySeconds, "CLIENT_SECRET_BASIC", null);
    }

    @Override
    public String toString() {
        return "ResourceView[id=" + id + ", name=" + name + ", audience=" + audience + ", introspectAuthMethod="
                + introspectAuthMethod + ", secretDigest=<redacted>]";
    }
}
