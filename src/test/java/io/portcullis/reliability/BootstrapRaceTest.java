package io.portcullis.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.portcullis.bootstrap.Bootstrap;
import io.portcullis.support.Admin;
import io.portcullis.support.Race;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Instances starting together on an empty database: the bootstrap races, and exactly one
 * administrators' environment, worker, role and signing key come out of it. Runs on a database of
 * its own (the profile of {@link DatabaseOutageTest}), since it empties it first.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.ThroughProxy.class)
class BootstrapRaceTest {

    static final int INSTANCES = 6;

    @Inject
    Bootstrap bootstrap;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void concurrentBootstrapsOnAnEmptyDatabaseCreateEverythingOnce() throws Exception {
        execute("DELETE FROM bootstrap_state; DELETE FROM environments; DELETE FROM master_key_check");
        List<Callable<Void>> runs = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            runs.add(() -> {
                bootstrap.run();
                return null;
            });
        }
        Race.run(runs); // none fails
        assertThat(count("SELECT count(*) FROM bootstrap_state")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM master_key_check")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM environments")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM applications")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM role_assignments WHERE role_name = 'ORGANIZATION_ADMIN'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM application_secrets")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM signing_keys WHERE is_default")).isEqualTo(1);
        // the one worker that came out of it can manage the installation
        Admin.as(Admin.token()).get("/v1/environments").then().statusCode(200);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
