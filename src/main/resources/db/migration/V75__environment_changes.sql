-- The last transaction that changed each environment, written by every change in the same
-- transaction as its NOTIFY. Each replica's periodic check reads only the rows changed since its
-- previous check (changed_in at or above that check's snapshot xmin), so its cost follows the
-- number of changes, not of environments. No foreign key: a deleted environment's row stays, so
-- the deletion is seen too.
CREATE TABLE environment_changes (
    environment_id  uuid PRIMARY KEY,
    changed_in      xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX environment_changes_changed_in_idx ON environment_changes (changed_in);
