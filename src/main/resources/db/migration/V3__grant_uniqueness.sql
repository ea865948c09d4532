-- One grant per (application, resource): a second grant of the same resource is refused
-- (UNIQUENESS_VIOLATION) instead of splitting one application's scopes over two rows.
-- Rows written before this rule are merged into the oldest grant of each pair first.
INSERT INTO application_grant_scopes (grant_id, scope_id)
SELECT keeper.id, s.scope_id
FROM application_grants g
JOIN application_grant_scopes s ON s.grant_id = g.id
JOIN LATERAL (
    SELECT k.id FROM application_grants k
    WHERE k.application_id = g.application_id AND k.resource_id = g.resource_id
    ORDER BY k.created_at, k.id LIMIT 1
) keeper ON keeper.id <> g.id
ON CONFLICT DO NOTHING;

DELETE FROM application_grants g
USING application_grants k
WHERE k.application_id = g.application_id AND k.resource_id = g.resource_id
  AND (k.created_at, k.id) < (g.created_at, g.id);

CREATE UNIQUE INDEX application_grants_application_resource_key ON application_grants (application_id, resource_id);
DROP INDEX application_grants_application_idx; -- the unique index leads with application_id
