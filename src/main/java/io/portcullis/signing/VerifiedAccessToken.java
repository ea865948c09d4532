package io.portcullis.signing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An access token of this service whose signature, issuer, environment and expiry were checked. */
public record VerifiedAccessToken(
        UUID environmentId, String jti, String clientId, Instant issuedAt, Instant expiresAt, Map<String, Object> claims) {

    /**
     * The claim of a token issued by token exchange that lists the {@code jti}s of the tokens it
     * derives from, nearest first: revoking any of them makes it inactive.
     */
    public static final String EXCHANGED_FROM = "exchanged_from";

    /** The {@link #EXCHANGED_FROM} claim; empty for a token that was not exchanged. */
    public List<String> exchangedFrom() {
        if (!(claims.get(EXCHANGED_FROM) instanceof List<?> list)) {
            return List.of();
        }
        List<String> jtis = new ArrayList<>(list.size());
        for (Object jti : list) {
            if (jti instanceof String s) {
                jtis.add(s);
            }
        }
        return jtis;
    }

    /** This token's jti followed by {@link #exchangedFrom()}: revoking any of them revokes this token. */
    public List<String> lineage() {
        List<String> from = exchangedFrom();
        if (from.isEmpty()) {
            return List.of(jti);
        }
        List<String> jtis = new ArrayList<>(from.size() + 1);
        jtis.add(jti);
        jtis.addAll(from);
        return jtis;
    }

    /** The space-separated scope claim, or null. */
    public String scope() {
        return claims.get("scope") instanceof String s ? s : null;
    }
}
