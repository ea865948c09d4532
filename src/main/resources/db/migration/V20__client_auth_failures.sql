-- Failed client authentications, counted per client id and per source address for every replica
-- at once (brute-force protection, RFC 6749 §2.3.1, RFC 6819 §5.1.4.2.3). One row per subject:
-- failures since window_start, and locked_until once the limit was reached. Rows whose window and
-- lock have both ended are swept by the replicas. Never holds a secret.
CREATE TABLE client_auth_failures (
    subject_kind  varchar(16) NOT NULL,
    subject       varchar(64) NOT NULL,
    window_start  timestamptz NOT NULL,
    failures      integer NOT NULL,
    locked_until  timestamptz,
    PRIMARY KEY (subject_kind, subject)
);
CREATE INDEX client_auth_failures_locked_idx ON client_auth_failures (locked_until) WHERE locked_until IS NOT NULL;
