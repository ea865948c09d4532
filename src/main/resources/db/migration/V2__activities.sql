-- The audit trail of management changes: who (the calling client), what, when, on which target.
-- No foreign keys: the record of a deletion outlives what was deleted. Never holds a secret.
CREATE TABLE activities (
    id               uuid PRIMARY KEY,
    environment_id   uuid NOT NULL,
    recorded_at      timestamptz NOT NULL,
    actor_client_id  uuid NOT NULL,
    action           varchar(64) NOT NULL,
    resource_type    varchar(64) NOT NULL,
    resource_id      uuid NOT NULL,
    description      varchar(512)
);
CREATE INDEX activities_environment_idx ON activities (environment_id, id);
