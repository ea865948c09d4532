-- One row per change of an environment, written in the changing transaction beside its NOTIFY:
-- the id of that transaction. Each replica's periodic check reads only the rows written since its
-- previous check (changed_in at or above that check's snapshot xmin), so its cost follows the
-- number of changes, not of environments. Rows are only ever inserted, so concurrent writers never
-- wait for each other here, and a deleted environment's rows stay (no foreign key) until they
-- expire: a day is far longer than any check interval, and a replica that could not check for that
-- long has reconnected and dropped everything it held.
CREATE TABLE environment_changes (
    environment_id  uuid NOT NULL,
    changed_in      xid8 NOT NULL DEFAULT pg_current_xact_id(),
    expires_at      timestamptz NOT NULL DEFAULT now() + interval '1 day'
);
CREATE INDEX environment_changes_changed_in_idx ON environment_changes (changed_in);
CREATE INDEX environment_changes_expires_idx ON environment_changes (expires_at);
