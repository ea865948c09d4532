-- PingOne's resource fields: how the resource authenticates at the introspection endpoint
-- (NONE, CLIENT_SECRET_BASIC, CLIENT_SECRET_POST) and applicationPermissionsSettings.claimEnabled
-- (stored and echoed; Portcullis adds no permission claims).
ALTER TABLE resources
    ADD COLUMN introspect_endpoint_auth_method varchar(32) NOT NULL DEFAULT 'CLIENT_SECRET_BASIC',
    ADD COLUMN application_permissions_claim_enabled boolean NOT NULL DEFAULT false;

-- A resource's own secret, with which it introspects tokens issued for it. Kept like application
-- secrets: encrypted under the master key (shown again on GET) and as an HMAC-SHA256 digest that
-- the introspection endpoint compares. One per resource; rotation replaces it.
CREATE TABLE resource_secrets (
    id           uuid PRIMARY KEY,
    resource_id  uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    ciphertext   bytea NOT NULL,
    digest       bytea NOT NULL,
    created_at   timestamptz NOT NULL,
    CONSTRAINT resource_secrets_one_per_resource UNIQUE (resource_id)
);
