-- Brute-force protection counts a client id per source address and environment path
-- ("<address> <environment id> <client id>", subject_kind ADDRESS_CLIENT) instead of per client
-- id alone, so that guessing from one address no longer locks the client's owner everywhere. The
-- old per-client counters mean nothing under the new rule and are dropped.
DELETE FROM client_auth_failures WHERE subject_kind = 'CLIENT';
ALTER TABLE client_auth_failures ALTER COLUMN subject TYPE varchar(160);
