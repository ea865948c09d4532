-- Core schema: environments, applications and their secrets, resources, scopes, grants,
-- role assignments and signing keys. Every child row goes with its parent (ON DELETE CASCADE).

CREATE TABLE environments (
    id           uuid PRIMARY KEY,
    name         varchar(256) NOT NULL,
    description  varchar(1024),
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    version      bigint NOT NULL DEFAULT 0,
    CONSTRAINT environments_name_key UNIQUE (name)
);

CREATE TABLE applications (
    id                          uuid PRIMARY KEY,
    environment_id              uuid NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    name                        varchar(256) NOT NULL,
    description                 varchar(1024),
    enabled                     boolean NOT NULL,
    protocol                    varchar(32) NOT NULL,
    type                        varchar(32) NOT NULL,
    grant_types                 varchar(256) NOT NULL,
    token_endpoint_auth_method  varchar(32) NOT NULL,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL,
    version                     bigint NOT NULL DEFAULT 0
);
CREATE INDEX applications_environment_idx ON applications (environment_id);

-- A secret is kept twice: encrypted (AES-256-GCM under the master key) so that the
-- management API can show it, and as an HMAC-SHA256 digest that the token endpoint compares.
-- expires_at is NULL for the current secret and set for a previous one in its grace period.
CREATE TABLE application_secrets (
    id              uuid PRIMARY KEY,
    application_id  uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    ciphertext      bytea NOT NULL,
    digest          bytea NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz,
    last_used_at    timestamptz
);
CREATE INDEX application_secrets_application_idx ON application_secrets (application_id);
CREATE UNIQUE INDEX application_secrets_one_current ON application_secrets (application_id) WHERE expires_at IS NULL;

CREATE TABLE resources (
    id                              uuid PRIMARY KEY,
    environment_id                  uuid NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    name                            varchar(256) NOT NULL,
    type                            varchar(32) NOT NULL,
    audience                        varchar(1024) NOT NULL,
    access_token_validity_seconds   integer NOT NULL,
    description                     varchar(1024),
    created_at                      timestamptz NOT NULL,
    updated_at                      timestamptz NOT NULL,
    version                         bigint NOT NULL DEFAULT 0,
    CONSTRAINT resources_name_key UNIQUE (environment_id, name)
);

CREATE TABLE resource_scopes (
    id           uuid PRIMARY KEY,
    resource_id  uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    name         varchar(256) NOT NULL,
    description  varchar(1024),
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    version      bigint NOT NULL DEFAULT 0,
    CONSTRAINT resource_scopes_name_key UNIQUE (resource_id, name)
);

-- A grant gives one application some scopes of one resource.
CREATE TABLE application_grants (
    id              uuid PRIMARY KEY,
    application_id  uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    resource_id     uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint NOT NULL DEFAULT 0
);
CREATE INDEX application_grants_application_idx ON application_grants (application_id);

CREATE TABLE application_grant_scopes (
    grant_id  uuid NOT NULL REFERENCES application_grants (id) ON DELETE CASCADE,
    scope_id  uuid NOT NULL REFERENCES resource_scopes (id) ON DELETE CASCADE,
    PRIMARY KEY (grant_id, scope_id)
);

-- Management roles held by an application: ORGANIZATION scope has no scope_id.
CREATE TABLE role_assignments (
    id              uuid PRIMARY KEY,
    application_id  uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    role_name       varchar(64) NOT NULL,
    scope_type      varchar(32) NOT NULL,
    scope_id        uuid,
    created_at      timestamptz NOT NULL
);
CREATE INDEX role_assignments_application_idx ON role_assignments (application_id);

-- Signing keys: the public key as X.509 DER, the private key as PKCS#8 DER encrypted
-- under the master key. At most one default key per environment.
CREATE TABLE signing_keys (
    id                    uuid PRIMARY KEY,
    environment_id        uuid NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    algorithm             varchar(16) NOT NULL,
    key_length            integer NOT NULL,
    signature_algorithm   varchar(32) NOT NULL,
    usage_type            varchar(16) NOT NULL,
    is_default            boolean NOT NULL,
    status                varchar(16) NOT NULL,
    public_key            bytea NOT NULL,
    private_key_ciphertext bytea NOT NULL,
    created_at            timestamptz NOT NULL,
    expires_at            timestamptz NOT NULL,
    version               bigint NOT NULL DEFAULT 0
);
CREATE INDEX signing_keys_environment_idx ON signing_keys (environment_id);
CREATE UNIQUE INDEX signing_keys_one_default ON signing_keys (environment_id) WHERE is_default;

-- One row: proves at start-up that the configured master key is the one the data was
-- encrypted with, so a wrong key fails fast instead of failing every token request.
CREATE TABLE master_key_check (
    id          integer PRIMARY KEY CHECK (id = 1),
    ciphertext  bytea NOT NULL,
    created_at  timestamptz NOT NULL
);

-- Written once by the instance that bootstraps an empty database (under an advisory lock).
CREATE TABLE bootstrap_state (
    id              integer PRIMARY KEY CHECK (id = 1),
    environment_id  uuid NOT NULL,
    application_id  uuid NOT NULL,
    created_at      timestamptz NOT NULL
);
