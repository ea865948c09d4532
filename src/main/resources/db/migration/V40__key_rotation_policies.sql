-- Key rotation policies (PingOne's KRPs): each environment has a default policy that generates
-- and rotates its own signing keys on a schedule. A policy's keys are rows of signing_keys that
-- name the policy and carry their designation (PREVIOUS, CURRENT, NEXT); manual keys (/keys)
-- name none. A key signs only from activates_at on (published before it signs) until it expires.

CREATE TABLE key_rotation_policies (
    id                   uuid PRIMARY KEY,
    environment_id       uuid NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    name                 varchar(256) NOT NULL,
    dn                   varchar(1024) NOT NULL,
    algorithm            varchar(16) NOT NULL,
    key_length           integer NOT NULL,
    signature_algorithm  varchar(32) NOT NULL,
    usage_type           varchar(16) NOT NULL,
    validity_period      integer NOT NULL,   -- days
    rotation_period      integer NOT NULL,   -- days
    is_default           boolean NOT NULL,
    rotated_at           timestamptz,        -- NULL: no keys yet, the next rotation run creates them
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    version              bigint NOT NULL DEFAULT 0,
    CONSTRAINT key_rotation_policies_name_key UNIQUE (environment_id, name)
);
CREATE UNIQUE INDEX key_rotation_policies_one_default ON key_rotation_policies (environment_id) WHERE is_default;

ALTER TABLE signing_keys ADD COLUMN rotation_policy_id uuid REFERENCES key_rotation_policies (id) ON DELETE CASCADE;
ALTER TABLE signing_keys ADD COLUMN designation varchar(16);
ALTER TABLE signing_keys ADD COLUMN activates_at timestamptz;
UPDATE signing_keys SET activates_at = created_at;
ALTER TABLE signing_keys ALTER COLUMN activates_at SET NOT NULL;
ALTER TABLE signing_keys ALTER COLUMN activates_at SET DEFAULT now();
CREATE INDEX signing_keys_rotation_policy_idx ON signing_keys (rotation_policy_id);
-- PingOne's key fields that Terraform's pingone_key writes and reads back.
ALTER TABLE signing_keys ADD COLUMN name varchar(256);
ALTER TABLE signing_keys ADD COLUMN subject_dn varchar(1024);
ALTER TABLE signing_keys ADD COLUMN issuer_dn varchar(1024);
ALTER TABLE signing_keys ADD COLUMN serial_number numeric(60, 0);

-- Which policy signs an application's tokens (PingOne's signing.keyRotationPolicy.id). An
-- application without a row signs with its environment's default manual key.
CREATE TABLE application_signing (
    application_id          uuid PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    key_rotation_policy_id  uuid NOT NULL REFERENCES key_rotation_policies (id)
);
CREATE INDEX application_signing_policy_idx ON application_signing (key_rotation_policy_id);

-- Every existing environment gets its default policy; its keys are made by the first rotation
-- run (rotated_at NULL) and sign only after the pre-publication window, so that JWKS caches hold
-- them first. Existing applications move to it: until its key may sign, they keep signing with
-- the environment's default manual key.
INSERT INTO key_rotation_policies (id, environment_id, name, dn, algorithm, key_length, signature_algorithm,
        usage_type, validity_period, rotation_period, is_default, rotated_at, created_at, updated_at)
SELECT gen_random_uuid(), e.id, 'Default Key Rotation Policy', 'CN=Default Key Rotation Policy', 'RSA', 2048,
       'SHA256withRSA', 'SIGNING', 365, 90, true, NULL, now(), now()
FROM environments e;

INSERT INTO application_signing (application_id, key_rotation_policy_id)
SELECT a.id, p.id FROM applications a JOIN key_rotation_policies p ON p.environment_id = a.environment_id AND p.is_default;
