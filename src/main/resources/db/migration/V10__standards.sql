-- Standards around the token endpoint: keys for JWT client authentication (RFC 7523), the
-- per-application "tokens issued before T are invalid" switch, the access-token revocation list
-- (RFC 7009) and the client-assertion replay store. The two lists hold a row only until the
-- token or assertion it names expires; expired rows are purged periodically.

-- PRIVATE_KEY_JWT: the client's public keys, inline (a JWKS JSON document) or by https URL.
ALTER TABLE applications ADD COLUMN jwks text;
ALTER TABLE applications ADD COLUMN jwks_url varchar(2048);
-- Access tokens of the application with iat before this instant are inactive.
ALTER TABLE applications ADD COLUMN tokens_not_before timestamptz;

CREATE TABLE revoked_tokens (
    jti             varchar(256) PRIMARY KEY,
    environment_id  uuid NOT NULL,
    client_id       uuid NOT NULL,
    revoked_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL
);
CREATE INDEX revoked_tokens_expires_idx ON revoked_tokens (expires_at);

-- RFC 7523 §3: a jti is accepted once per client until the assertion expires.
CREATE TABLE client_assertion_jtis (
    client_id   uuid NOT NULL,
    jti         varchar(256) NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX client_assertion_jtis_expires_idx ON client_assertion_jtis (expires_at);
