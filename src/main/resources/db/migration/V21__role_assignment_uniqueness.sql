-- One assignment of a role with a scope per application: the management API checks it first,
-- and this index settles two requests that check at the same moment (the loser gets 409).
DELETE FROM role_assignments r
USING role_assignments k
WHERE k.application_id = r.application_id AND k.role_name = r.role_name AND k.scope_type = r.scope_type
  AND k.scope_id IS NOT DISTINCT FROM r.scope_id
  AND (k.created_at, k.id) < (r.created_at, r.id);

CREATE UNIQUE INDEX role_assignments_application_role_scope_key ON role_assignments
    (application_id, role_name, scope_type, coalesce(scope_id, '00000000-0000-0000-0000-000000000000'::uuid));
DROP INDEX role_assignments_application_idx; -- the unique index leads with application_id
