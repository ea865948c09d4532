-- PingOne application fields that govern behaviour Portcullis does not have (PKCE, refresh tokens,
-- portal visibility, PAR, device flow...): stored as one JSON document and echoed, with no effect.
ALTER TABLE applications ADD COLUMN settings text;
