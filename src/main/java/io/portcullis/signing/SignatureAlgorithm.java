package io.portcullis.signing;

import java.util.Optional;

/**
 * The signature algorithms a signing key can have: PingOne's name, the JWS {@code alg} (RFC 7518
 * §3.1), the key type and the JCA algorithm that produces JWS-ready signatures.
 */
public enum SignatureAlgorithm {
    SHA256withRSA("RS256", "RSA", "SHA256withRSA"),
    SHA384withRSA("RS384", "RSA", "SHA384withRSA"),
    SHA512withRSA("RS512", "RSA", "SHA512withRSA"),
    // RFC 7518 §3.4: ECDSA signatures are R || S, which is the JCA's "P1363" format.
    SHA256withECDSA("ES256", "EC", "SHA256withECDSAinP1363Format"),
    SHA384withECDSA("ES384", "EC", "SHA384withECDSAinP1363Format");

    private final String jwsAlgorithm;
    private final String keyAlgorithm;
    private final String jcaName;

    SignatureAlgorithm(String jwsAlgorithm, String keyAlgorithm, String jcaName) {
        this.jwsAlgorithm = jwsAlgorithm;
        this.keyAlgorithm = keyAlgorithm;
        this.jcaName = jcaName;
    }

    public String jwsAlgorithm() {
        return jwsAlgorithm;
    }

    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    public String jcaName() {
        return jcaName;
    }

    public static Optional<SignatureAlgorithm> of(String name) {
        for (SignatureAlgorithm a : values()) {
            if (a.name().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
