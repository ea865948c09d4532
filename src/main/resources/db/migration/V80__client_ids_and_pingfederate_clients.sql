-- Client ids of the operator's choosing (PingFederate's clientId, e.g. "cc_client"), next to the
-- UUID: unique within the environment, absent for applications that use their UUID only.
ALTER TABLE applications ADD COLUMN client_id varchar(256);
CREATE UNIQUE INDEX applications_client_id_key ON applications (environment_id, client_id) WHERE client_id IS NOT NULL;

-- What PingFederate's OAuth client says that Portcullis's application has no field for: whether the
-- client is restricted to a list of scopes (false: it may ask for every common scope, including
-- scopes added later). Its scopes themselves are the application's grant.
CREATE TABLE pingfederate_clients (
    application_id   uuid PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    restrict_scopes  boolean NOT NULL
);
