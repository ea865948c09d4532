package io.portcullis.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A digest of everything the management API and bootstrap write, table by table, so that a test can
 * assert that a refused request changed nothing. Counters that change on their own (brute-force
 * failure counts, secrets' last use) are left out.
 */
public final class DatabaseSnapshot {

    private static final List<String> QUERIES = List.of(
            "SELECT t::text FROM environments t",
            "SELECT t::text FROM applications t",
            "SELECT (t.id, t.application_id, t.ciphertext, t.digest, t.created_at, t.expires_at)::text FROM application_secrets t",
            "SELECT t::text FROM resources t",
            "SELECT t::text FROM resource_scopes t",
            "SELECT t::text FROM application_grants t",
            "SELECT t::text FROM application_grant_scopes t",
            "SELECT t::text FROM role_assignments t",
            "SELECT t::text FROM signing_keys t",
            "SELECT t::text FROM key_rotation_policies t",
            "SELECT t::text FROM application_signing t",
            "SELECT t::text FROM master_key_check t",
            "SELECT t::text FROM bootstrap_state t",
            "SELECT t::text FROM activities t");

    private DatabaseSnapshot() {}

    /** Row count and MD5 of the sorted rows, by query; one round trip. */
    public static Map<String, String> of(DataSource dataSource) {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < QUERIES.size(); i++) {
            select.append(i == 0 ? "" : ", ").append("(SELECT count(*) || ':' || coalesce(md5(string_agg(r, '|' ORDER BY r)), '') FROM (")
                    .append(QUERIES.get(i)).append(") AS rows(r))");
        }
        Map<String, String> digests = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(select.toString())) {
            row.next();
            for (int i = 0; i < QUERIES.size(); i++) {
                digests.put(QUERIES.get(i), row.getString(i + 1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot snapshot the database", e);
        }
        return digests;
    }

    /** The snapshot without the audit trail, for requests whose legitimate effect is an audit record. */
    public static Map<String, String> withoutActivities(DataSource dataSource) {
        Map<String, String> digests = of(dataSource);
        digests.keySet().removeIf(query -> query.endsWith("FROM activities t"));
        return digests;
    }
}
